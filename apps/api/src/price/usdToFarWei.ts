import { z } from 'zod';
import { BaseError } from '../errors/BaseError.js';

/** FAR/USD prices carry 8 decimals (Chainlink USD pairs); FAR has 18. */
export const FAR_USD_PRICE_DECIMALS = 8;
const FAR_DECIMALS = 18;

const usdSchema = z
  .string()
  .regex(/^\d{1,30}(\.\d{1,30})?$/, 'must be a non-negative decimal string such as "0.0005"');

export type UsdToFarWeiOptions = {
  /**
   * `ceil` (default) charges the last fraction of a wei rather than give it away, so a price is
   * never undercut by rounding; `floor` is for showing what a dollar amount buys.
   */
  rounding?: 'ceil' | 'floor';
};

/**
 * Converts a USD amount to FAR wei at an 8-decimal FAR/USD price, in exact integer arithmetic
 * (no floating point anywhere): wei = usd × 10^18 × 10^8 / price.
 *
 * @param usd - a decimal string, e.g. `"0.0005"` (dollars).
 * @param price - FAR/USD with 8 decimals, e.g. `10_000_000n` for $0.10; must be > 0.
 * @param options - `rounding`: `ceil` (default) or `floor`.
 * @returns the FAR amount in wei.
 * @throws BaseError `validation_failed` for a malformed amount or a non-positive price.
 * @example
 * usdToFarWei('1', 10_000_000n) // 10n * 10n ** 18n: $1 buys 10 FAR at $0.10
 */
export function usdToFarWei(usd: string, price: bigint, options: UsdToFarWeiOptions = {}): bigint {
  const parsed = usdSchema.safeParse(usd);
  if (!parsed.success) {
    throw new BaseError('validation_failed', `usd: ${parsed.error.issues[0]?.message ?? 'invalid amount'}`);
  }
  if (price <= 0n) throw new BaseError('validation_failed', `price: must be > 0, got ${price}`);
  const [whole = '0', fraction = ''] = parsed.data.split('.');
  const scaledUsd = BigInt(whole + fraction);
  const numerator = scaledUsd * 10n ** BigInt(FAR_DECIMALS + FAR_USD_PRICE_DECIMALS);
  const denominator = price * 10n ** BigInt(fraction.length);
  const quotient = numerator / denominator;
  const roundUp = (options.rounding ?? 'ceil') === 'ceil' && numerator % denominator !== 0n;
  return roundUp ? quotient + 1n : quotient;
}
