import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** How much time one `network_metrics` row covers. */
export type NetworkMetricsResolution = 'minute' | 'hour' | 'day';

/**
 * One sample of the whole network (the seed's network metrics collection). Gauges are averaged and
 * counters summed when samples are downsampled. Numbers are plain floats: none of them is money.
 */
export type NetworkMetricsValues = {
  nodesOnline: number;
  nodesTotal: number;
  totalVramGb: number;
  /** Sum of the online nodes' reported tokens per second. */
  tokensPerSecond: number;
  /** Busy task slots over all online slots, 0..1. */
  utilization: number;
  averageScore: number;
  /** Requests waiting for a node. */
  queueDepth: number;
  /** Tasks created in the covered time. */
  requests: number;
  completed: number;
  failed: number;
  /** failed / (completed + failed) in the covered time, 0 when none finished. */
  errorRate: number;
  /** Online nodes per model id. */
  nodesByModel: Record<string, number>;
};

/**
 * The network metrics time series: raw one-minute samples, rolled up into hours and days and
 * pruned (one-minute rows kept 24 h, hourly 30 days, daily for good), so a year of history stays a
 * few thousand rows. One row per resolution and bucket: replicas writing the same minute keep the
 * first.
 */
export const networkMetrics = pgTable(
  'network_metrics',
  {
    resolution: text('resolution').$type<NetworkMetricsResolution>().notNull(),
    bucketStart: timestamp('bucket_start', { withTimezone: true }).notNull(),
    /** Raw samples summarized by this row (1 for a minute row). */
    samples: integer('samples').notNull().default(1),
    metrics: jsonb('metrics').$type<NetworkMetricsValues>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.resolution, t.bucketStart] })],
);

export type NetworkMetricsRow = typeof networkMetrics.$inferSelect;
