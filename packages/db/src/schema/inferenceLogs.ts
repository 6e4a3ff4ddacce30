import { bigserial, index, jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One JSON document per finished task: what ran, for whom, how fast. It lives in PostgreSQL as
 * JSONB rather than in a separate document store, so there is one database to back up. A log is
 * written after the money it explains commits, never inside that transaction, so a log that cannot
 * be written never costs a bill. Queried columns are lifted out of `doc`.
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

export type InferenceLog = typeof inferenceLogs.$inferSelect;
