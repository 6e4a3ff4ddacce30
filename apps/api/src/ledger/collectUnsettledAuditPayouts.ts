import { type Db, gpuNodes, ledgerAccounts, ledgerEntries, ledgerTransactions } from '@far/db';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { type Address, getAddress } from 'viem';
import { AUDIT_PAY_IDEMPOTENCY_KEY_PATTERN } from './auditPayIdempotencyKey.js';

/** One audit payout (treasury → a node's earnings) the ledger holds but no settlement batch has taken. */
export type UnsettledAuditPayout = {
  /** ledger_transactions.id of the transfer. */
  transactionId: string;
  createdAt: Date;
  /** gpu_nodes.id of the paid node and its owner's wallet (the payout address). */
  nodeId: string;
  nodeAddress: Address | null;
  amount: bigint;
};

/**
 * Reads the oldest audit payouts no settlement batch has taken: the node earnings each one
 * credited out of the treasury's ledger account, with the node's payout address. The batcher pays
 * them out of a batch's treasury share so the chain matches the ledger.
 *
 * @param db - a database or an open transaction.
 * @param limit - at most this many payouts (oldest first).
 * @returns the payouts, oldest first.
 * @example
 * const payouts = await collectUnsettledAuditPayouts(db, 5_000);
 */
export async function collectUnsettledAuditPayouts(db: Db, limit: number): Promise<UnsettledAuditPayout[]> {
  const rows = await db
    .select({
      transactionId: ledgerTransactions.id,
      createdAt: ledgerTransactions.createdAt,
      nodeId: ledgerAccounts.nodeId,
      nodeAddress: gpuNodes.ownerAddress,
      amount: ledgerEntries.amountWei,
    })
    .from(ledgerTransactions)
    .innerJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
    .innerJoin(
      ledgerAccounts,
      and(eq(ledgerAccounts.id, ledgerEntries.accountId), eq(ledgerAccounts.kind, 'node_earnings')),
    )
    .leftJoin(gpuNodes, eq(gpuNodes.id, ledgerAccounts.nodeId))
    .where(
      and(
        // Literals, not parameters: the planner can then prove the partial index
        // idx_ledger_transactions_unsettled_audit_pay applies, even under a generic plan.
        sql`${ledgerTransactions.settlementBatchId} IS NULL AND ${ledgerTransactions.kind} = 'transfer' AND ${ledgerTransactions.idempotencyKey} LIKE ${sql.raw(`'${AUDIT_PAY_IDEMPOTENCY_KEY_PATTERN}'`)}`,
        gt(ledgerEntries.amountWei, 0n),
      ),
    )
    .orderBy(asc(ledgerTransactions.createdAt), asc(ledgerTransactions.id))
    .limit(limit);
  const payouts: UnsettledAuditPayout[] = [];
  for (const row of rows) {
    if (row.nodeId === null) continue;
    payouts.push({
      transactionId: row.transactionId,
      createdAt: row.createdAt,
      nodeId: row.nodeId,
      nodeAddress: row.nodeAddress === null ? null : getAddress(row.nodeAddress),
      amount: row.amount,
    });
  }
  return payouts;
}
