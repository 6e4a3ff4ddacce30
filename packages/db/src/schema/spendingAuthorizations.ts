import { bigint, index, pgTable, text, timestamp, unique, uuid, varchar } from 'drizzle-orm/pg-core';
import { settlementBatches } from './settlementBatches.js';
import { users } from './users.js';
import { wei } from './wei.js';

/**
 * EIP-712 spending authorizations users signed for InferencePayment (cap, expiry, nonce). The API
 * verifies and stores them; the settlement batcher submits each one with the first `settleBatch`
 * that debits its user, and records that batch here.
 */
export const spendingAuthorizations = pgTable(
  'spending_authorizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** Lowercase, like users.wallet_address: the `user` field of the signed message. */
    walletAddress: varchar('wallet_address', { length: 42 }).notNull(),
    capWei: wei('cap_wei').notNull(),
    /** Unix seconds, as signed (the contract compares it with block.timestamp). */
    expiry: bigint('expiry', { mode: 'bigint' }).notNull(),
    nonce: bigint('nonce', { mode: 'bigint' }).notNull(),
    /** 0x-prefixed hex signature over the typed data. */
    signature: text('signature').notNull(),
    chainId: bigint('chain_id', { mode: 'number' }).notNull(),
    verifyingContract: varchar('verifying_contract', { length: 42 }).notNull(),
    /** The batch that carried it on chain; null while only stored off chain. */
    settlementBatchId: uuid('settlement_batch_id').references(() => settlementBatches.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The contract accepts each nonce once per user: a second signature for it can never be used.
    unique('spending_authorizations_user_contract_nonce').on(t.walletAddress, t.verifyingContract, t.nonce),
    index('idx_spending_authorizations_user').on(t.userId),
  ],
);

export type SpendingAuthorizationRow = typeof spendingAuthorizations.$inferSelect;
export type NewSpendingAuthorizationRow = typeof spendingAuthorizations.$inferInsert;
