import { bigserial, index, pgTable, timestamp, varchar } from 'drizzle-orm/pg-core';
import { gpuNodes } from './gpuNodes.js';

/**
 * A node's heartbeat history, compacted into online intervals: one row per connection, opened on
 * join, its `last_heartbeat_at` moved forward as heartbeats arrive (at the `last_seen` write
 * cadence), closed on disconnect. A coordinator that crashes leaves the interval ending at its
 * last recorded heartbeat, so downtime is never counted as uptime. Uptime over a window is the
 * covered share of it (see `computeUptime`).
 */
export const nodeOnlineIntervals = pgTable(
  'node_online_intervals',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    /** The node's public id (gpu_nodes.node_id). */
    nodeId: varchar('node_id', { length: 100 })
      .notNull()
      .references(() => gpuNodes.nodeId, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    lastHeartbeatAt: timestamp('last_heartbeat_at', { withTimezone: true }).notNull(),
    /** When the connection closed; null while it is open (or when its coordinator died). */
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('idx_node_online_intervals_node').on(t.nodeId, t.startedAt),
    index('idx_node_online_intervals_heartbeat').on(t.lastHeartbeatAt),
  ],
);

export type NodeOnlineInterval = typeof nodeOnlineIntervals.$inferSelect;
