/**
 * The node's performance adjustment in basis points of its 60% share, as the InferencePayment
 * contract computes it: the score is an integer there, the adjustment percent is
 * `100 ± ⌊|score − 80| / 2⌋` (Solidity integer division), clamped to 90..110 %.
 *
 * @param score - reliability score 0..100 (rounded to the integer the contract receives).
 * @returns 9_000..11_000 (10_000 = no adjustment).
 * @example
 * paymentAdjustmentBps(100) // 11_000
 * paymentAdjustmentBps(85)  // 10_200
 * paymentAdjustmentBps(80)  // 10_000
 */
export function paymentAdjustmentBps(score: number): number {
  const s = Math.min(100, Math.max(0, Math.round(Number.isFinite(score) ? score : 0)));
  const percent = s >= 80 ? 100 + Math.floor((s - 80) / 2) : 100 - Math.floor((80 - s) / 2);
  return Math.min(110, Math.max(90, percent)) * 100;
}
