import { type Db, type NetworkMetricsResolution, type NetworkMetricsValues, networkMetrics } from '@far/db';
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { NETWORK_METRICS_RETENTION } from './networkMetricsRetention.js';

export type NetworkMetricsPoint = { at: Date; samples: number; metrics: NetworkMetricsValues };

/**
 * The finest resolution still kept for the whole range: minutes for a range within the last 24 h,
 * hours within the last 30 days, days beyond (each with one coarser bucket of slack).
 *
 * @param from - the range's start, epoch ms.
 * @param now - the current time, epoch ms.
 * @returns the resolution to read.
 */
export function resolutionFor(from: number, now: number): NetworkMetricsResolution {
  const { minute, hour } = NETWORK_METRICS_RETENTION;
  // A coarser bucket of slack: "the last 24 h" computed a moment earlier, or on a client whose
  // clock runs ahead, still reads minutes (without the few just pruned) rather than no hours yet.
  if (from >= now - minute.keepMs - hour.bucketMs) return 'minute';
  if (from >= now - hour.keepMs - NETWORK_METRICS_RETENTION.day.bucketMs) return 'hour';
  return 'day';
}

/**
 * A range of the network metrics series, oldest first.
 *
 * @param db - the database.
 * @param range - `from` / `to` (inclusive) and the resolution (default: {@link resolutionFor}).
 * @returns the resolution read and its points.
 * @example
 * const { points } = await readNetworkMetrics(db, { from: new Date(Date.now() - 3_600_000), to: new Date() });
 */
export async function readNetworkMetrics(
  db: Db,
  range: { from: Date; to: Date; resolution?: NetworkMetricsResolution | undefined; now?: number },
): Promise<{ resolution: NetworkMetricsResolution; points: NetworkMetricsPoint[] }> {
  const resolution = range.resolution ?? resolutionFor(range.from.getTime(), range.now ?? Date.now());
  const rows = await db
    .select()
    .from(networkMetrics)
    .where(
      and(
        eq(networkMetrics.resolution, resolution),
        gte(networkMetrics.bucketStart, range.from),
        lte(networkMetrics.bucketStart, range.to),
      ),
    )
    .orderBy(asc(networkMetrics.bucketStart));
  return {
    resolution,
    points: rows.map((row) => ({ at: row.bucketStart, samples: row.samples, metrics: row.metrics })),
  };
}
