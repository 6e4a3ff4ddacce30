import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** How far a chain indexer has read; the block hash lets it detect a reorg on restart. */
export const chainCursors = pgTable('chain_cursors', {
  name: text('name').primaryKey(),
  blockNumber: bigint('block_number', { mode: 'bigint' }).notNull(),
  blockHash: text('block_hash'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type ChainCursor = typeof chainCursors.$inferSelect;
