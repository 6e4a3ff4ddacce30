import type { NetworkMetricsResolution } from '@far/db';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Each resolution's bucket length and how long its rows are kept (daily rows: for good). */
export const NETWORK_METRICS_RETENTION: Record<
  NetworkMetricsResolution,
  { bucketMs: number; keepMs: number }
> = {
  minute: { bucketMs: MINUTE, keepMs: DAY },
  hour: { bucketMs: HOUR, keepMs: 30 * DAY },
  day: { bucketMs: DAY, keepMs: Number.POSITIVE_INFINITY },
};

/**
 * The start of the bucket (UTC) holding `at`.
 *
 * @param at - epoch ms.
 * @param resolution - the bucket size.
 * @returns the bucket's start, epoch ms.
 */
export function bucketStartOf(at: number, resolution: NetworkMetricsResolution): number {
  const { bucketMs } = NETWORK_METRICS_RETENTION[resolution];
  return Math.floor(at / bucketMs) * bucketMs;
}
