import { type Batch, type BatchStatus, batches, batchFiles, batchRequests, type Db } from '@far/db';
import { and, asc, eq, inArray, lt, notExists, or, sql } from 'drizzle-orm';
import { batchResultFileId } from './batchIds.js';

/** A batch left `finalizing` longer than this lost its runner on the way; another one finishes it. */
const FINALIZE_STALE_MS = 60_000;

/**
 * Finishes the batches that have no request left to run. First the bookkeeping of time and
 * cancellation: the pending requests of an expired batch become `expired`, those of a cancelling
 * batch `cancelled`. Then each batch with nothing pending or running goes `finalizing`
 * (conditionally: one runner wins), its output file (the completed requests' responses, in line
 * order) and error file (the rest) are written, and it ends `completed`, `expired` or `cancelled`.
 * The files' ids are derived from the batch, so a finalization that is run again after its runner
 * died writes them once.
 *
 * @param db - the database.
 * @returns the ids of the batches finished on this pass.
 */
export async function finalizeBatches(db: Db): Promise<string[]> {
  const now = new Date();
  await db
    .update(batchRequests)
    .set({
      status: 'expired',
      error: {
        code: 'batch_expired',
        message: 'This request could not be executed before the completion window expired.',
      },
      completedAt: now,
    })
    .where(
      and(
        eq(batchRequests.status, 'pending'),
        inArray(
          batchRequests.batchId,
          db
            .select({ id: batches.id })
            .from(batches)
            .where(and(eq(batches.status, 'in_progress'), lt(batches.expiresAt, now))),
        ),
      ),
    );
  await db
    .update(batchRequests)
    .set({
      status: 'cancelled',
      error: { code: 'batch_cancelled', message: 'This request was cancelled before it ran.' },
      completedAt: now,
    })
    .where(
      and(
        eq(batchRequests.status, 'pending'),
        inArray(
          batchRequests.batchId,
          db.select({ id: batches.id }).from(batches).where(eq(batches.status, 'cancelling')),
        ),
      ),
    );
  const open = db
    .select({ one: sql`1` })
    .from(batchRequests)
    .where(and(eq(batchRequests.batchId, batches.id), inArray(batchRequests.status, ['pending', 'running'])));
  const ready = await db
    .update(batches)
    .set({ status: 'finalizing', finalizingAt: now })
    .where(
      or(
        and(inArray(batches.status, ['in_progress', 'cancelling']), notExists(open)),
        and(
          eq(batches.status, 'finalizing'),
          lt(batches.finalizingAt, new Date(now.getTime() - FINALIZE_STALE_MS)),
        ),
      ),
    )
    .returning();
  for (const batch of ready) await writeResults(db, batch);
  return ready.map((b) => b.id);
}

/** Writes a finalizing batch's output and error files and its final status, in one transaction. */
async function writeResults(db: Db, batch: Batch): Promise<void> {
  const requests = await db
    .select()
    .from(batchRequests)
    .where(eq(batchRequests.batchId, batch.id))
    .orderBy(asc(batchRequests.line));
  const output: string[] = [];
  const errors: string[] = [];
  let expired = false;
  for (const r of requests) {
    const line = JSON.stringify({
      id: `batch_req_${r.taskId?.replaceAll('-', '') ?? `${batch.id.slice(6)}${r.line}`}`,
      custom_id: r.customId,
      response: r.response ?? null,
      error: r.error ?? null,
    });
    if (r.status === 'completed') output.push(line);
    else errors.push(line);
    if (r.status === 'expired') expired = true;
  }
  const cancelled = batch.cancellingAt !== null;
  const status: BatchStatus = cancelled ? 'cancelled' : expired ? 'expired' : 'completed';
  const at = new Date();
  await db.transaction(async (tx) => {
    const files = [
      { kind: 'output' as const, lines: output },
      { kind: 'errors' as const, lines: errors },
    ].filter((f) => f.lines.length > 0);
    for (const file of files) {
      const content = `${file.lines.join('\n')}\n`;
      await tx
        .insert(batchFiles)
        .values({
          id: batchResultFileId(batch.id, file.kind),
          userId: batch.userId,
          purpose: 'batch_output',
          filename: `${batch.id}_${file.kind === 'output' ? 'output' : 'error'}.jsonl`,
          bytes: Buffer.byteLength(content),
          lineCount: file.lines.length,
          content,
        })
        .onConflictDoNothing();
    }
    await tx
      .update(batches)
      .set({
        status,
        outputFileId: output.length > 0 ? batchResultFileId(batch.id, 'output') : null,
        errorFileId: errors.length > 0 ? batchResultFileId(batch.id, 'errors') : null,
        ...(status === 'cancelled'
          ? { cancelledAt: at }
          : status === 'expired'
            ? { expiredAt: at }
            : { completedAt: at }),
      })
      .where(and(eq(batches.id, batch.id), eq(batches.status, 'finalizing')));
  });
}
