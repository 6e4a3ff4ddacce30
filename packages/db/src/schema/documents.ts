import { bigserial, date, index, jsonb, pgTable, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * The seed's MongoDB collections (§7.2) as JSONB tables: one database to back up. A log is written
 * after the money it explains commits, never inside that transaction, so a log that cannot be
 * written never costs a bill. Queried columns are lifted out of `doc`.
 */
export const inferenceLogs = pgTable(
  'inference_logs',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    taskId: uuid('task_id').notNull(),
    userId: uuid('user_id'),
    nodeId: uuid('node_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    doc: jsonb('doc').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    index('idx_inference_logs_task').on(t.taskId),
    index('idx_inference_logs_created_at').on(t.createdAt),
  ],
);

/** Periodic network snapshots (seed `network_metrics`). */
export const networkMetrics = pgTable(
  'network_metrics',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    ts: timestamp('ts', { withTimezone: true }).notNull().defaultNow(),
    doc: jsonb('doc').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [index('idx_network_metrics_ts').on(t.ts)],
);

/** One row per user per day (seed `user_activity`), upserted as activity happens. */
export const userActivity = pgTable(
  'user_activity',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    date: date('date', { mode: 'string' }).notNull(),
    doc: jsonb('doc').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [unique('user_activity_user_date').on(t.userId, t.date)],
);

export type InferenceLog = typeof inferenceLogs.$inferSelect;
export type NetworkMetric = typeof networkMetrics.$inferSelect;
export type UserActivity = typeof userActivity.$inferSelect;
