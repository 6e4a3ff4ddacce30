import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/** Platform accounts, keyed by wallet. Addresses are stored lowercase. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    walletAddress: varchar('wallet_address', { length: 42 }).notNull().unique(),
    email: varchar('email', { length: 255 }),
    username: varchar('username', { length: 50 }).unique(),
    kycStatus: text('kyc_status').$type<KycStatus>().notNull().default('pending'),
    tier: text('tier').$type<UserTier>().notNull().default('basic'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One spelling per wallet, so the FK from gpu_nodes.owner_address and lookups never miss on case.
    check('users_wallet_address_lowercase', sql`${t.walletAddress} ~ '^0x[0-9a-f]{40}$'`),
  ],
);

export type KycStatus = 'pending' | 'verified' | 'rejected';
export type UserTier = 'basic' | 'pro' | 'enterprise';
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
