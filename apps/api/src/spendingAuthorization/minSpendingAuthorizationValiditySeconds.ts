/** The settlement batcher's defaults: a period of 60 s, and an authorization must outlive planning by 300 s. */
const DEFAULT_SETTLEMENT_PERIOD_SECONDS = 60;
export const DEFAULT_SETTLEMENT_EXPIRY_MARGIN_SECONDS = 300;

/**
 * How long an authorization must still be able to settle for the coordinator to admit a charge
 * against it: three settlement periods (a batch that fails or finds the charge still reserved gets
 * two more tries) plus the margin the batcher keeps before an expiry. Below that, a charge admitted
 * now might find the authorization gone before any batch could carry it, and the user free to
 * withdraw the escrow that should have paid it.
 *
 * @param settlement - the batcher's period and expiry margin, in seconds.
 * @returns the minimum remaining validity, in seconds.
 * @example
 * minSpendingAuthorizationValiditySeconds({ periodSeconds: 60, expiryMarginSeconds: 300 }) // 480n
 */
export function minSpendingAuthorizationValiditySeconds(
  settlement: { periodSeconds?: number; expiryMarginSeconds?: number } = {},
): bigint {
  const period = BigInt(settlement.periodSeconds ?? DEFAULT_SETTLEMENT_PERIOD_SECONDS);
  const margin = BigInt(settlement.expiryMarginSeconds ?? DEFAULT_SETTLEMENT_EXPIRY_MARGIN_SECONDS);
  return 3n * period + margin;
}
