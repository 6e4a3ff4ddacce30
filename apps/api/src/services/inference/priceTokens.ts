/** FAR/USD prices come from Chainlink-style feeds with 8 decimals. */
const PRICE_FEED_DECIMALS = 8;
const WEI_PER_FAR = 10n ** 18n;
const PRICE_SCALE = 10n ** BigInt(PRICE_FEED_DECIMALS);

/** A non-negative decimal string as an exact fraction. */
function parseDecimal(value: string): { numerator: bigint; denominator: bigint } {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) throw new Error(`not a decimal: ${value}`);
  const fraction = match[2] ?? '';
  return { numerator: BigInt(`${match[1]}${fraction}`), denominator: 10n ** BigInt(fraction.length) };
}

/**
 * The price of `tokens` in FAR wei, exactly: tokens × USD per 1M ÷ 1M ÷ (FAR/USD), rounded up to
 * the next wei so the network never sells below its list price.
 *
 * @param tokens - prompt + completion tokens.
 * @param usdPer1M - the model's list price as a decimal string, e.g. `"3.0"`.
 * @param farUsdPrice - FAR/USD with 8 decimals (e.g. 10_000_000n = $0.10).
 * @example
 * tokensCostWei(1_000_000, '3.0', 10_000_000n) // 30 FAR = 30n * 10n ** 18n
 */
export function tokensCostWei(tokens: number, usdPer1M: string, farUsdPrice: bigint): bigint {
  if (!Number.isSafeInteger(tokens) || tokens < 0) throw new Error(`invalid token count ${tokens}`);
  if (farUsdPrice <= 0n) throw new Error('FAR/USD price must be positive');
  const usd = parseDecimal(usdPer1M);
  const numerator = BigInt(tokens) * usd.numerator * WEI_PER_FAR * PRICE_SCALE;
  const denominator = 1_000_000n * usd.denominator * farUsdPrice;
  return (numerator + denominator - 1n) / denominator;
}

/**
 * The USD value of `tokens` at list price, as a decimal string with 8 decimals (display only).
 */
export function tokensCostUsd(tokens: number, usdPer1M: string): string {
  const usd = parseDecimal(usdPer1M);
  // In units of 1e-8 USD, rounded up like the FAR price.
  const scaled = BigInt(tokens) * usd.numerator * PRICE_SCALE;
  const denominator = 1_000_000n * usd.denominator;
  const units = (scaled + denominator - 1n) / denominator;
  return formatFixed(units, PRICE_FEED_DECIMALS);
}

/** Formats an integer amount with `decimals` implied decimals, e.g. (150000000n, 8) → "1.50000000". */
export function formatFixed(units: bigint, decimals: number): string {
  const scale = 10n ** BigInt(decimals);
  const whole = units / scale;
  const fraction = (units % scale).toString().padStart(decimals, '0');
  return decimals === 0 ? whole.toString() : `${whole}.${fraction}`;
}
