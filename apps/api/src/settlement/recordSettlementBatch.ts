import { type Db, type SettlementBatch, settlementBatches, spendingAuthorizations } from '@far/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { BaseError } from '../errors/BaseError.js';
import {
  linkChargesToSettlementBatch,
  unlinkChargesFromSettlementBatch,
} from '../ledger/linkChargesToSettlementBatch.js';
import type { SettlementPlan } from './planSettlementBatch.js';
import { settlementBatchTotal, toSettlementBatchItems } from './settlementBatchItems.js';

/**
 * Records a planned batch BEFORE anything is sent, in one database transaction: the
 * settlement_batches row (status `pending`, its items), the link from each included charge's and
 * audit payout's ledger transaction, and from each authorization it carries. If the process dies after this, a
 * restarted batcher finds the pending row and either sees it landed on chain or resends the same
 * batch number — the contract accepts each batch id once, so nothing settles twice.
 *
 * @param db - the database.
 * @param batchNumber - the contract's `nextBatchId` the batch will carry.
 * @param plan - the planned batch (non-empty).
 * @returns the new settlement_batches row.
 * @throws BaseError `conflict` when another batcher linked one of the charges or audit payouts first
 *   (nothing is written).
 */
export async function recordSettlementBatch(
  db: Db,
  batchNumber: bigint,
  plan: SettlementPlan,
): Promise<SettlementBatch> {
  if (plan.included.length === 0 || plan.periodStart === undefined || plan.periodEnd === undefined) {
    throw new Error('recordSettlementBatch: the plan settles no charge');
  }
  const { periodStart, periodEnd } = plan;
  return db.transaction(async (tx) => {
    const [batch] = await tx
      .insert(settlementBatches)
      .values({
        batchNumber,
        periodStart,
        periodEnd,
        status: 'pending',
        totalWei: settlementBatchTotal(plan.content),
        items: toSettlementBatchItems(plan.content),
      })
      .returning();
    if (batch === undefined) throw new Error('settlement batch insert returned nothing');
    const ids = plan.included.map((c) => c.transactionId);
    const linked = await linkChargesToSettlementBatch(tx, ids, batch.id);
    if (linked !== ids.length) {
      throw new BaseError(
        'conflict',
        `only ${linked} of ${ids.length} charges were still unsettled; replanning`,
      );
    }
    const payoutIds = plan.includedAuditPayouts.map((p) => p.transactionId);
    if (payoutIds.length > 0) {
      const linkedPayouts = await linkChargesToSettlementBatch(tx, payoutIds, batch.id);
      if (linkedPayouts !== payoutIds.length) {
        throw new BaseError(
          'conflict',
          `only ${linkedPayouts} of ${payoutIds.length} audit payouts were still unsettled; replanning`,
        );
      }
    }
    const authorizationIds = plan.content.authorizations.map((a) => a.authorizationId);
    if (authorizationIds.length > 0) {
      await tx
        .update(spendingAuthorizations)
        .set({ settlementBatchId: batch.id })
        .where(inArray(spendingAuthorizations.id, authorizationIds));
    }
    return batch;
  });
}

/**
 * Undoes {@link recordSettlementBatch} for a batch that can never land as recorded (its id was not
 * consumed on chain and it no longer simulates): unlinks its charges, audit payouts and
 * authorizations, which return to the pool for the next batch, and deletes the row so the batch number is free again.
 *
 * @param db - the database.
 * @param batchId - settlement_batches.id.
 */
export async function abandonSettlementBatch(db: Db, batchId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await unlinkChargesFromSettlementBatch(tx, batchId);
    await tx
      .update(spendingAuthorizations)
      .set({ settlementBatchId: null })
      .where(eq(spendingAuthorizations.settlementBatchId, batchId));
    await tx
      .delete(settlementBatches)
      .where(and(eq(settlementBatches.id, batchId), eq(settlementBatches.status, 'pending')));
  });
}

/**
 * Marks a batch as mined (`submitted`) with its transaction hash; a batch the indexer already
 * confirmed stays `confirmed`.
 *
 * @param db - the database.
 * @param batchId - settlement_batches.id.
 * @param txHash - the settleBatch transaction.
 */
export async function markSettlementBatchMined(db: Db, batchId: string, txHash: string): Promise<void> {
  await db
    .update(settlementBatches)
    .set({
      status: sql`case when ${settlementBatches.status} = 'confirmed' then 'confirmed' else 'submitted' end`,
      txHash,
      error: null,
      updatedAt: sql`now()`,
    })
    .where(eq(settlementBatches.id, batchId));
}
