import { index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { apiKeys } from './apiKeys.js';
import { users } from './users.js';

/**
 * A batch of requests (OpenAI's Batch API): run across the network's spare capacity within its
 * completion window at a discount, each request billed through the ledger like an interactive one.
 * Its requests are rows of `batch_requests`; its counts are read from them.
 */
export const batches = pgTable(
  'batches',
  {
    /** `batch_` and 24 hex characters. */
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    apiKeyId: uuid('api_key_id').references(() => apiKeys.id),
    /** `/v1/chat/completions` or `/v1/embeddings`: every line of the input targets it. */
    endpoint: text('endpoint').notNull(),
    /** The uploaded file's id (kept when the file is deleted: the requests were copied out of it). */
    inputFileId: varchar('input_file_id', { length: 64 }).notNull(),
    completionWindow: text('completion_window').notNull(),
    status: text('status').$type<BatchStatus>().notNull().default('validating'),
    metadata: jsonb('metadata').$type<Record<string, string>>(),
    /** Off the list price, in basis points (5000 = half price), fixed when the batch is created. */
    discountBps: integer('discount_bps').notNull(),
    outputFileId: varchar('output_file_id', { length: 64 }),
    errorFileId: varchar('error_file_id', { length: 64 }),
    /** Why the batch failed validation: OpenAI's `errors.data` list. */
    errors: jsonb('errors').$type<{ code: string; message: string; line?: number }[]>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    inProgressAt: timestamp('in_progress_at', { withTimezone: true }),
    finalizingAt: timestamp('finalizing_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    failedAt: timestamp('failed_at', { withTimezone: true }),
    expiredAt: timestamp('expired_at', { withTimezone: true }),
    cancellingAt: timestamp('cancelling_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    index('idx_batches_user_created').on(t.userId, t.createdAt),
    index('idx_batches_status').on(t.status),
  ],
);

/** OpenAI's batch lifecycle. */
export type BatchStatus =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

export type Batch = typeof batches.$inferSelect;
