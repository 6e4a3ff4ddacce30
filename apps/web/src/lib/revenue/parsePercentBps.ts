/**
 * Parses a percentage a person typed (e.g. `"2.5"` or `"-1"`) into basis points, exactly: at most
 * two decimals, since a basis point is a hundredth of a percent.
 * @param input - the typed text, with or without a trailing `%`
 * @param bounds - the smallest and largest percentage accepted
 * @returns the basis points, or undefined for text that is not such a number or out of bounds
 * @example parsePercentBps('2.5', { min: 0, max: 100 }) // 250n
 */
export function parsePercentBps(input: string, bounds: { min: number; max: number }): bigint | undefined {
  const match = /^\s*(-?)(\d+)(?:\.(\d{0,2}))?\s*%?\s*$/.exec(input);
  if (!match) return undefined;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const magnitude = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  const bps = sign === '-' ? -magnitude : magnitude;
  if (bps < BigInt(bounds.min) * 100n || bps > BigInt(bounds.max) * 100n) return undefined;
  return bps;
}
