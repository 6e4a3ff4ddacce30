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

/** A model's two list prices, USD per 1M tokens as exact decimal strings. */
export type TokenPrices = { inputPriceUsdPer1M: string; outputPriceUsdPer1M: string };

/** Tokens a task read and wrote. */
export type TokenUsage = { promptTokens: number; completionTokens: number };

/**
 * The USD value of a task's tokens × 1M, as one exact fraction: prompt tokens at the input price
 * plus completion tokens at the output price, over the product of their denominators.
 */
function usageUsdTimesMillion(prices: TokenPrices, usage: TokenUsage) {
  for (const tokens of [usage.promptTokens, usage.completionTokens]) {
    if (!Number.isSafeInteger(tokens) || tokens < 0) throw new Error(`invalid token count ${tokens}`);
  }
  const input = parseDecimal(prices.inputPriceUsdPer1M);
  const output = parseDecimal(prices.outputPriceUsdPer1M);
  const numerator =
    BigInt(usage.promptTokens) * input.numerator * output.denominator +
    BigInt(usage.completionTokens) * output.numerator * input.denominator;
  return { numerator, denominator: input.denominator * output.denominator };
}

/**
 * The price of a task in FAR wei, exactly: (prompt × input price + completion × output price) ÷ 1M
 * ÷ (FAR/USD), rounded up once to the next wei. With equal prices it is
 * `tokensCostWei(prompt + completion, price, farUsdPrice)`.
 *
 * @param prices - the model's input and output list prices.
 * @param usage - prompt and completion tokens (the reservation estimate uses max_tokens).
 * @param farUsdPrice - FAR/USD with 8 decimals.
 * @example
 * // $0.02 in, $0.05 out per 1M at $0.10 per FAR: 1M in + 1M out = 0.7 FAR
 * taskCostWei({ inputPriceUsdPer1M: '0.02', outputPriceUsdPer1M: '0.05' },
 *   { promptTokens: 1_000_000, completionTokens: 1_000_000 }, 10_000_000n) // 7n * 10n ** 17n
 */
export function taskCostWei(prices: TokenPrices, usage: TokenUsage, farUsdPrice: bigint): bigint {
  if (farUsdPrice <= 0n) throw new Error('FAR/USD price must be positive');
  const usd = usageUsdTimesMillion(prices, usage);
  const numerator = usd.numerator * WEI_PER_FAR * PRICE_SCALE;
  const denominator = 1_000_000n * usd.denominator * farUsdPrice;
  return (numerator + denominator - 1n) / denominator;
}

/**
 * The USD value of a task's tokens at list prices, with 8 decimals rounded up (display only).
 *
 * @param prices - the model's input and output list prices.
 * @param usage - prompt and completion tokens.
 */
export function taskCostUsd(prices: TokenPrices, usage: TokenUsage): string {
  const usd = usageUsdTimesMillion(prices, usage);
  const scaled = usd.numerator * PRICE_SCALE;
  const denominator = 1_000_000n * usd.denominator;
  return formatFixed((scaled + denominator - 1n) / denominator, PRICE_FEED_DECIMALS);
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
