/**
 * AdminPriceFeed's on-chain guard rails: every answer (8 decimals) must lie within
 * [`minAnswer`, `maxAnswer`] and may move at most `maxDeviationBps` from the last answer in one update
 * (0 = unlimited). The admin changes them with `setBounds` / `setMaxDeviation`.
 */
export type PriceGuards = {
  minAnswer: bigint;
  maxAnswer: bigint;
  maxDeviationBps: bigint;
};

/**
 * The deploy scripts' default guards: FAR/USD between $0.0001 and $1,000, and at most 50 % per update
 * (a bigger move is refused on chain; the price keeper reports it and an operator decides).
 */
export const DEFAULT_PRICE_GUARDS: Readonly<PriceGuards> = Object.freeze({
  minAnswer: 10_000n,
  maxAnswer: 100_000_000_000n,
  maxDeviationBps: 5_000n,
});
