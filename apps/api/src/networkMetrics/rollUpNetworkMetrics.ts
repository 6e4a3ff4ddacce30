import { type Db, type NetworkMetricsResolution, networkMetrics } from '@far/db';
import { and, asc, desc, eq, gte, lt } from 'drizzle-orm';
import { downsampleNetworkMetrics } from './downsampleNetworkMetrics.js';
import { bucketStartOf, NETWORK_METRICS_RETENTION } from './networkMetricsRetention.js';

/** Each finer resolution and the coarser one it is rolled into. */
const ROLL_UPS: ReadonlyArray<{ from: NetworkMetricsResolution; to: NetworkMetricsResolution }> = [
  { from: 'minute', to: 'hour' },
  { from: 'hour', to: 'day' },
];

/**
 * Downsamples and prunes the network metrics series: every complete hour of minute rows not yet
 * summarized becomes one hour row, every complete day of hour rows one day row; then minute rows
 * older than 24 h and hour rows older than 30 days are deleted (their summaries stay). Idempotent:
 * a summary is rewritten from the same rows, so replicas may run it at once.
 *
 * @param db - the database.
 * @param now - the current time, epoch ms.
 * @returns how many summary rows were written and fine rows deleted.
 * @example
 * await rollUpNetworkMetrics(db, Date.now());
 */
export async function rollUpNetworkMetrics(
  db: Db,
  now: number,
): Promise<{ written: number; pruned: number }> {
  let written = 0;
  let pruned = 0;
  for (const { from, to } of ROLL_UPS) {
    const [latest] = await db
      .select({ bucketStart: networkMetrics.bucketStart })
      .from(networkMetrics)
      .where(eq(networkMetrics.resolution, to))
      .orderBy(desc(networkMetrics.bucketStart))
      .limit(1);
    // The last summary is written again (its bucket may have been summarized by a replica before
    // its last rows landed); every later complete bucket for the first time.
    const sinceMs = latest ? latest.bucketStart.getTime() : 0;
    const untilMs = bucketStartOf(now, to);
    if (untilMs <= sinceMs) continue;
    const rows = await db
      .select()
      .from(networkMetrics)
      .where(
        and(
          eq(networkMetrics.resolution, from),
          gte(networkMetrics.bucketStart, new Date(sinceMs)),
          lt(networkMetrics.bucketStart, new Date(untilMs)),
        ),
      )
      .orderBy(asc(networkMetrics.bucketStart));
    const buckets = new Map<number, typeof rows>();
    for (const row of rows) {
      const start = bucketStartOf(row.bucketStart.getTime(), to);
      const bucket = buckets.get(start) ?? [];
      bucket.push(row);
      buckets.set(start, bucket);
    }
    for (const [start, bucket] of buckets) {
      const summary = downsampleNetworkMetrics(bucket);
      await db
        .insert(networkMetrics)
        .values({ resolution: to, bucketStart: new Date(start), ...summary })
        .onConflictDoUpdate({
          target: [networkMetrics.resolution, networkMetrics.bucketStart],
          set: summary,
        });
      written++;
    }
  }
  for (const resolution of ['minute', 'hour'] as const) {
    const keepFrom = now - NETWORK_METRICS_RETENTION[resolution].keepMs;
    // Only rows already summarized: the coarser series covers everything before its current bucket.
    const cutoff = Math.min(keepFrom, bucketStartOf(now, resolution === 'minute' ? 'hour' : 'day'));
    const deleted = await db
      .delete(networkMetrics)
      .where(and(eq(networkMetrics.resolution, resolution), lt(networkMetrics.bucketStart, new Date(cutoff))))
      .returning({ bucketStart: networkMetrics.bucketStart });
    pruned += deleted.length;
  }
  return { written, pruned };
}
