/**
 * The nearest-rank `p`-th percentile of `values` (NaN when empty).
 *
 * @param values - samples, in any order.
 * @param p - 0 to 100.
 * @returns the sample at that rank.
 * @example
 * percentile([3, 1, 2], 50) // 2
 */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
