import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * How far a chain indexer has read, and which chain history it read: a fresh chain (a restarted
 * Hardhat node) deploys the contracts at the same addresses, so the name alone cannot tell chains apart.
 */
export const chainCursors = pgTable('chain_cursors', {
  name: text('name').primaryKey(),
  blockNumber: bigint('block_number', { mode: 'bigint' }).notNull(),
  /** Hash of the last indexed block: the next block must be its child, or history changed. */
  blockHash: text('block_hash'),
  /** Hash of the deployment block on the chain indexed; null on rows written before it was kept. */
  deployBlockHash: text('deploy_block_hash'),
  /**
   * What the indexer's ledger idempotency keys carry so that two chain histories never share a key
   * (the same transaction hash recurs on a fresh chain): the deployment block's hash of the history
   * that started the row, or null for `chain:<txHash>:<logIndex>` keys written before histories
   * were told apart.
   */
  idempotencyScope: text('idempotency_scope'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type ChainCursor = typeof chainCursors.$inferSelect;
