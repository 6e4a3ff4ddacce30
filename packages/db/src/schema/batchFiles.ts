import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * A file of the Batch API (OpenAI's Files shape): a batch's JSONL input the user uploaded, or the
 * JSONL output and errors a finished batch wrote. The content lives in the row, which is enough
 * for batches of this size (a few MiB); production would keep it in object storage (S3) and only
 * the key here.
 */
export const batchFiles = pgTable(
  'batch_files',
  {
    /** `file-` and 24 hex characters, as OpenAI's ids look. */
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    purpose: text('purpose').$type<BatchFilePurpose>().notNull(),
    filename: varchar('filename', { length: 255 }).notNull(),
    bytes: integer('bytes').notNull(),
    /** Requests (input) or results (output, errors): one per JSONL line. */
    lineCount: integer('line_count').notNull(),
    content: text('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * When the file is gone (OpenAI's `expires_at`): 30 days after creation unless the upload set
     * `expires_after`; from then on it reads as expired, and the batch worker deletes it.
     */
    expiresAt: timestamp('expires_at', { withTimezone: true })
      .notNull()
      .default(sql`now() + interval '30 days'`),
  },
  (t) => [
    index('idx_batch_files_user_created').on(t.userId, t.createdAt),
    index('idx_batch_files_expires').on(t.expiresAt),
  ],
);

/** `batch`: a user's upload; `batch_output`: what a batch wrote (results and errors). */
export type BatchFilePurpose = 'batch' | 'batch_output';

export type BatchFile = typeof batchFiles.$inferSelect;
