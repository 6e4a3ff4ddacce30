import { type Batch, batchRequests, type Db, inferenceTasks } from '@far/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { BatchObject } from './batchSchemas.js';

const seconds = (d: Date | null): number | null => (d ? Math.floor(d.getTime() / 1000) : null);

/**
 * Batches as the API shows them (OpenAI's `batch` object): their request counts (completed,
 * failed: every request that ended otherwise) and the FAR their completed requests were billed,
 * read from their requests and tasks in two grouped queries.
 *
 * @param db - the database.
 * @param rows - the batches.
 * @returns one object per row, in order.
 */
export async function toBatchObjects(db: Db, rows: Batch[]): Promise<BatchObject[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((b) => b.id);
  const counts = await db
    .select({ batchId: batchRequests.batchId, status: batchRequests.status, n: sql<number>`count(*)::int` })
    .from(batchRequests)
    .where(inArray(batchRequests.batchId, ids))
    .groupBy(batchRequests.batchId, batchRequests.status);
  const costs = await db
    .select({
      batchId: batchRequests.batchId,
      wei: sql<string>`coalesce(sum(${inferenceTasks.costFarWei}), 0)::text`,
    })
    .from(batchRequests)
    .innerJoin(inferenceTasks, eq(inferenceTasks.id, batchRequests.taskId))
    .where(and(inArray(batchRequests.batchId, ids), eq(batchRequests.status, 'completed')))
    .groupBy(batchRequests.batchId);
  return rows.map((b) => {
    const mine = counts.filter((c) => c.batchId === b.id);
    const total = mine.reduce((s, c) => s + c.n, 0);
    const completed = mine.find((c) => c.status === 'completed')?.n ?? 0;
    const failed = mine
      .filter((c) => !['completed', 'pending', 'running'].includes(c.status))
      .reduce((s, c) => s + c.n, 0);
    return {
      id: b.id,
      object: 'batch' as const,
      endpoint: b.endpoint,
      errors: b.errors?.length
        ? {
            object: 'list' as const,
            data: b.errors.map((e) => ({
              code: e.code,
              message: e.message,
              param: null,
              line: e.line ?? null,
            })),
          }
        : null,
      input_file_id: b.inputFileId,
      completion_window: b.completionWindow,
      status: b.status,
      output_file_id: b.outputFileId,
      error_file_id: b.errorFileId,
      created_at: seconds(b.createdAt) ?? 0,
      in_progress_at: seconds(b.inProgressAt),
      expires_at: seconds(b.expiresAt),
      finalizing_at: seconds(b.finalizingAt),
      completed_at: seconds(b.completedAt),
      failed_at: seconds(b.failedAt),
      expired_at: seconds(b.expiredAt),
      cancelling_at: seconds(b.cancellingAt),
      cancelled_at: seconds(b.cancelledAt),
      request_counts: { total, completed, failed },
      metadata: b.metadata ?? null,
      far: { discount_bps: b.discountBps, cost_far_wei: costs.find((c) => c.batchId === b.id)?.wei ?? '0' },
    };
  });
}
