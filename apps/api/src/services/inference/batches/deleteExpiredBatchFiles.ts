import { batchFiles, type Db } from '@far/db';
import { inArray, lte } from 'drizzle-orm';

/** Files deleted per sweep at most, so one sweep after a long pause stays a short transaction. */
const SWEEP_LIMIT = 500;

/**
 * The batch worker's sweep: deletes batch files past their `expires_at` (inputs and outputs alike,
 * like OpenAI's). Batches that ran from a file keep their requests and results rows; only the file
 * is gone. Every replica's worker may sweep: deleting twice deletes nothing the second time.
 *
 * @param db - the database.
 * @param now - the time to compare with (default now).
 * @returns how many files were deleted.
 * @example
 * await deleteExpiredBatchFiles(db) // 3
 */
export async function deleteExpiredBatchFiles(db: Db, now = new Date()): Promise<number> {
  const expired = db
    .select({ id: batchFiles.id })
    .from(batchFiles)
    .where(lte(batchFiles.expiresAt, now))
    .limit(SWEEP_LIMIT);
  const deleted = await db
    .delete(batchFiles)
    .where(inArray(batchFiles.id, expired))
    .returning({ id: batchFiles.id });
  return deleted.length;
}
