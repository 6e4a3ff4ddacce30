import { sql } from 'drizzle-orm';
import { index, integer, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users.js';
import { wei } from './wei.js';

/** Stakes, mirrored from the staking contract's events. */
export const stakingRecords = pgTable(
  'staking_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    amountWei: wei('amount_wei').notNull(),
    lockPeriodDays: integer('lock_period_days').notNull(),
    /** The lock tier index in the staking contract; lock_period_days is its duration. */
    lockTier: integer('lock_tier'),
    apyAtStake: numeric('apy_at_stake', { precision: 5, scale: 2, mode: 'number' }),
    status: text('status').$type<StakingStatus>().notNull().default('active'),
    stakedAt: timestamp('staked_at', { withTimezone: true }).notNull().defaultNow(),
    unlockAt: timestamp('unlock_at', { withTimezone: true }),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    rewardsEarnedWei: wei('rewards_earned_wei').notNull().default(sql`0`),
    txHash: text('tx_hash'),
  },
  (t) => [index('idx_staking_user').on(t.userId), index('idx_staking_status').on(t.status)],
);

export type StakingStatus = 'active' | 'unlocked' | 'withdrawn';
export type StakingRecord = typeof stakingRecords.$inferSelect;
export type NewStakingRecord = typeof stakingRecords.$inferInsert;
