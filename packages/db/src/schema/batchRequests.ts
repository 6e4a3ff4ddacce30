import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { batches } from './batches.js';

/**
 * One request of a batch (a line of its input file). A runner claims it (`claimed_by`,
 * `claimed_until`, `attempts` + 1) and runs it as an inference task whose id is derived from
 * (batch, custom_id, attempt); the request's result is written in the same transaction that bills
 * that task, so a request is billed exactly once whatever dies in between.
 */
export const batchRequests = pgTable(
  'batch_requests',
  {
    batchId: varchar('batch_id', { length: 64 })
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    customId: text('custom_id').notNull(),
    /** 1-based line in the input file: the order of the output file. */
    line: integer('line').notNull(),
    /** The request body as the line gave it (validated against the endpoint's schema when run). */
    body: jsonb('body').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<BatchRequestStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** The runner holding the request, and until when (a runner that died lets it go then). */
    claimedBy: text('claimed_by'),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    /** The inference task of the latest attempt. */
    taskId: uuid('task_id'),
    /** The output line's `response` (status code, request id, body) once completed. */
    response: jsonb('response').$type<Record<string, unknown>>(),
    /** The error line's `error` (code, message) once failed, cancelled or expired. */
    error: jsonb('error').$type<{ code: string; message: string }>(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.batchId, t.customId] }),
    index('idx_batch_requests_batch_status').on(t.batchId, t.status),
    index('idx_batch_requests_claimable').on(t.status, t.claimedUntil),
  ],
);

/** `pending` waits (or waits again after a retryable failure); the rest are final but `running`. */
export type BatchRequestStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled' | 'expired';

export type BatchRequest = typeof batchRequests.$inferSelect;
