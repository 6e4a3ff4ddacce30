/**
 * The node's payment adjustment at a score, as `splitRevenue` and `InferencePayment` apply it: the
 * node's 60 % share is multiplied by `100 + trunc((score − 80) / 2)` percent, kept within 90..110.
 *
 * @param score - the node's score, 0..100 (rounded to an integer first, like settlement does).
 * @returns the adjustment in percent points, −10..+10.
 * @example
 * paymentAdjustmentPercent(95) // 7
 */
export function paymentAdjustmentPercent(score: number): number {
  const rounded = Math.min(100, Math.max(0, Math.round(Number.isFinite(score) ? score : 0)));
  // `+ 0` turns trunc's −0 (scores 79, 78½…) into 0.
  return Math.min(10, Math.max(-10, Math.trunc((rounded - 80) / 2))) + 0;
}
