import { batches, batchFiles, batchRequests, type Db } from '@far/db';
import { and, eq } from 'drizzle-orm';
import { parseBatchInput } from './parseBatchInput.js';

/** Requests inserted per statement while a batch's input is expanded. */
const INSERT_CHUNK = 500;

/**
 * Moves `validating` batches on: each one's input file is read again and its lines become
 * `batch_requests` rows, and the batch goes `in_progress` in the same transaction; a batch whose
 * file is gone, or no longer parses, or calls another endpoint goes `failed` with OpenAI's
 * `errors` list. The status change is conditional, so two runners never expand the same batch.
 *
 * @param db - the database.
 * @param limit - batches to take on this pass.
 * @returns how many batches left `validating`.
 */
export async function activateBatches(db: Db, limit = 5): Promise<number> {
  const waiting = await db
    .select({ id: batches.id })
    .from(batches)
    .where(eq(batches.status, 'validating'))
    .orderBy(batches.createdAt)
    .limit(limit);
  let moved = 0;
  for (const { id } of waiting) {
    const done = await db.transaction(async (tx) => {
      const [batch] = await tx
        .select()
        .from(batches)
        .where(and(eq(batches.id, id), eq(batches.status, 'validating')))
        .for('update', { skipLocked: true });
      if (!batch) return false;
      const [file] = await tx
        .select({ content: batchFiles.content })
        .from(batchFiles)
        .where(and(eq(batchFiles.id, batch.inputFileId), eq(batchFiles.userId, batch.userId)));
      const parsed = file ? parseBatchInput(file.content) : undefined;
      const failure = !parsed
        ? [{ code: 'missing_file', message: `The input file ${batch.inputFileId} no longer exists` }]
        : !parsed.ok
          ? parsed.errors.map((e) => ({ code: 'invalid_request', message: e.message, line: e.line }))
          : parsed.url !== batch.endpoint
            ? [
                {
                  code: 'invalid_url',
                  message: `The file's requests call ${parsed.url}, not the batch's ${batch.endpoint}`,
                },
              ]
            : undefined;
      if (failure || !parsed?.ok) {
        await tx
          .update(batches)
          .set({ status: 'failed', failedAt: new Date(), errors: failure ?? [] })
          .where(eq(batches.id, id));
        return true;
      }
      for (let i = 0; i < parsed.requests.length; i += INSERT_CHUNK) {
        await tx.insert(batchRequests).values(
          parsed.requests.slice(i, i + INSERT_CHUNK).map((r) => ({
            batchId: id,
            customId: r.customId,
            line: r.line,
            body: r.body,
          })),
        );
      }
      await tx
        .update(batches)
        .set({ status: 'in_progress', inProgressAt: new Date() })
        .where(eq(batches.id, id));
      return true;
    });
    if (done) moved++;
  }
  return moved;
}
