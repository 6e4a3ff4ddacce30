/**
 * The smaller of two wei amounts (`Math.min` does not take bigint).
 *
 * @example
 * smallerWei(5n, 3n) // 3n
 */
export function smallerWei(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
