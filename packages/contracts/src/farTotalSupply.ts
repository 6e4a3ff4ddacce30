/** 1,000,000,000 FAR in wei: FARToken's fixed supply. */
export const FAR_TOTAL_SUPPLY = 10n ** 27n;
