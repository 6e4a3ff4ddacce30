import { type Batch, batches, batchRequests, type Db } from '@far/db';
import { and, eq, inArray } from 'drizzle-orm';
import { BaseError } from '../../../errors/BaseError.js';

/**
 * Cancels a batch that has not ended: it goes `cancelling` and its requests not yet run are
 * `cancelled` at once (in one transaction); the runner stops those running, unbilled, and then
 * finalizes the batch `cancelled`. Cancelling a batch already cancelling changes nothing.
 *
 * @param db - the database.
 * @param batch - the caller's batch.
 * @returns the batch as it is now.
 * @throws BaseError `conflict` when the batch has already ended.
 */
export async function cancelBatch(db: Db, batch: Batch): Promise<Batch> {
  if (!['validating', 'in_progress', 'cancelling'].includes(batch.status)) {
    throw new BaseError(
      'conflict',
      `Batch ${batch.id} is ${batch.status}; only a running batch can be cancelled`,
    );
  }
  const now = new Date();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(batches)
      .set({ status: 'cancelling', cancellingAt: now })
      .where(and(eq(batches.id, batch.id), inArray(batches.status, ['validating', 'in_progress'])))
      .returning();
    // A batch cancelled while validating has no requests yet; the runner finalizes it either way.
    await tx
      .update(batchRequests)
      .set({
        status: 'cancelled',
        error: { code: 'batch_cancelled', message: 'This request was cancelled before it ran.' },
        completedAt: now,
      })
      .where(and(eq(batchRequests.batchId, batch.id), eq(batchRequests.status, 'pending')));
    return row ?? batch;
  });
}
