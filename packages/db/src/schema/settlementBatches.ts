import { sql } from 'drizzle-orm';
import { bigint, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { wei } from './wei.js';

/** One on-chain settlement per period: the batcher moves the period's ledger totals in one transaction. */
export const settlementBatches = pgTable('settlement_batches', {
  id: uuid('id').primaryKey().defaultRandom(),
  batchNumber: bigint('batch_number', { mode: 'bigint' }).notNull().unique(),
  periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
  periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
  status: text('status').$type<SettlementBatchStatus>().notNull().default('pending'),
  txHash: text('tx_hash'),
  totalWei: wei('total_wei').notNull().default(sql`0`),
  /** The per-recipient lines the batch pays; shape owned by the settlement batcher. */
  items: jsonb('items').$type<unknown[]>().notNull().default([]),
  error: text('error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type SettlementBatchStatus = 'pending' | 'submitted' | 'confirmed' | 'failed';
export type SettlementBatch = typeof settlementBatches.$inferSelect;
export type NewSettlementBatch = typeof settlementBatches.$inferInsert;
