import type { DeferredCharge } from './planSettlementBatch.js';

/**
 * How many charges wait for a later batch, per `<user>: <reason>`, for one log line a person can read.
 *
 * @param deferred - the plan's deferred charges.
 * @returns counts keyed by user and reason.
 * @example
 * logger.info({ deferred: summarizeDeferredCharges(plan.deferred) }, 'charges left for a later batch');
 */
export function summarizeDeferredCharges(deferred: readonly DeferredCharge[]): Record<string, number> {
  const reasons = new Map<string, number>();
  for (const d of deferred) {
    const key = `${d.charge.userAddress}: ${d.reason}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  return Object.fromEntries(reasons);
}
