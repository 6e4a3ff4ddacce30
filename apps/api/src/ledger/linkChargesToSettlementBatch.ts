import { type Db, ledgerTransactions } from '@far/db';
import { and, eq, inArray, isNull } from 'drizzle-orm';

/**
 * Marks charges (ledger transactions) as taken by a settlement batch; a charge already in a batch
 * is left alone, so the count tells whether another batch took some first. Audit payouts (the
 * treasury → node transfers a batch pays out of its treasury share) are linked the same way.
 *
 * @param tx - an open transaction (the batch row is inserted in the same one).
 * @param chargeTransactionIds - ledger_transactions.id of the charges or audit payouts.
 * @param batchId - settlement_batches.id.
 * @returns how many charges were linked.
 * @example
 * if ((await linkChargesToSettlementBatch(tx, ids, batch.id)) !== ids.length) throw conflict;
 */
export async function linkChargesToSettlementBatch(
  tx: Db,
  chargeTransactionIds: string[],
  batchId: string,
): Promise<number> {
  const linked = await tx
    .update(ledgerTransactions)
    .set({ settlementBatchId: batchId })
    .where(
      and(inArray(ledgerTransactions.id, chargeTransactionIds), isNull(ledgerTransactions.settlementBatchId)),
    )
    .returning({ id: ledgerTransactions.id });
  return linked.length;
}

/**
 * Returns a batch's charges and audit payouts to the pool of unsettled ones (the batch will never
 * land as recorded).
 *
 * @param tx - a database or an open transaction.
 * @param batchId - settlement_batches.id.
 * @example
 * await unlinkChargesFromSettlementBatch(tx, batch.id);
 */
export async function unlinkChargesFromSettlementBatch(tx: Db, batchId: string): Promise<void> {
  await tx
    .update(ledgerTransactions)
    .set({ settlementBatchId: null })
    .where(eq(ledgerTransactions.settlementBatchId, batchId));
}
