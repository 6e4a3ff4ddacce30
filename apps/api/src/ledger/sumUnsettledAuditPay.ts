import { type Db, ledgerAccounts, ledgerEntries, ledgerTransactions } from '@far/db';
import { and, eq, gt, sql } from 'drizzle-orm';
import { AUDIT_PAY_IDEMPOTENCY_KEY_PATTERN } from './auditPayIdempotencyKey.js';

/**
 * Sums the audit pay (treasury → node earnings) the ledger holds but no settlement batch has taken:
 * what the contract's treasury still holds for nodes, and so how far the ledger's treasury may go
 * below zero when the treasurer withdraws it (see recordTreasuryWithdrawal). The same payouts as
 * collectUnsettledAuditPayouts, summed in the database with no limit.
 *
 * @param db - a database or an open transaction (read it in the transaction that posts against it).
 * @returns the total in wei; 0 when nothing waits.
 * @example
 * const allowance = await sumUnsettledAuditPay(tx);
 */
export async function sumUnsettledAuditPay(db: Db): Promise<bigint> {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${ledgerEntries.amountWei}), 0)::text` })
    .from(ledgerTransactions)
    .innerJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
    .innerJoin(
      ledgerAccounts,
      and(eq(ledgerAccounts.id, ledgerEntries.accountId), eq(ledgerAccounts.kind, 'node_earnings')),
    )
    .where(
      and(
        // Literals, not parameters, as in collectUnsettledAuditPayouts: the partial index
        // idx_ledger_transactions_unsettled_audit_pay then applies.
        sql`${ledgerTransactions.settlementBatchId} IS NULL AND ${ledgerTransactions.kind} = 'transfer' AND ${ledgerTransactions.idempotencyKey} LIKE ${sql.raw(`'${AUDIT_PAY_IDEMPOTENCY_KEY_PATTERN}'`)}`,
        gt(ledgerEntries.amountWei, 0n),
      ),
    );
  return BigInt(row?.total ?? '0');
}
