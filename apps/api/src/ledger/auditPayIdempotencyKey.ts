/**
 * The idempotency keys of audit pay, as a SQL LIKE pattern: the treasury → node earnings transfers
 * `recordNodeAudit` posts for each check run. The settlement batcher finds the payouts the chain
 * has not paid yet by it (and the partial index `idx_ledger_transactions_unsettled_audit_pay` is
 * declared with the same pattern).
 */
export const AUDIT_PAY_IDEMPOTENCY_KEY_PATTERN = 'audit:%:pay:%';

/**
 * The idempotency key of one run's audit pay: a replay of the same audit pays nothing twice.
 *
 * @param auditId - node_audits.id.
 * @param index - the run's position in the audit's payments.
 * @returns `audit:<id>:pay:<index>`.
 * @example
 * await transfer(tx, { from: { kind: 'treasury' }, to, amount, idempotencyKey: auditPayIdempotencyKey(id, 0) });
 */
export function auditPayIdempotencyKey(auditId: string, index: number): string {
  return `audit:${auditId}:pay:${index}`;
}
