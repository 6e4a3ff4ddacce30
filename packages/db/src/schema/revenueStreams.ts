import { index, numeric, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { inferenceTasks } from './inferenceTasks.js';
import { users } from './users.js';
import { wei } from './wei.js';

/** Where revenue goes, one row per recipient per event. */
export const revenueStreams = pgTable(
  'revenue_streams',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    streamType: text('stream_type').$type<RevenueStreamType>().notNull(),
    /**
     * The service the revenue came from: its service id, which also names its FARStaking revenue
     * source (`revenueSourceId(service)` in @far/contracts). `staking` for claimed staking rewards,
     * which pay the base APY and every service's stakers' share together.
     */
    service: text('service').$type<RevenueServiceId>().notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    amountFarWei: wei('amount_far_wei'),
    amountUsd: numeric('amount_usd', { precision: 18, scale: 8 }),
    transactionHash: varchar('transaction_hash', { length: 66 }),
    taskId: uuid('task_id').references(() => inferenceTasks.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_revenue_user').on(t.userId),
    index('idx_revenue_type').on(t.streamType),
    index('idx_revenue_task').on(t.taskId),
  ],
);

/** Open-ended on purpose: product services (games, DeSci, twins) add their own streams. */
export type RevenueStreamType =
  | 'inference_node'
  | 'inference_stakers'
  | 'inference_treasury'
  | 'staking_rewards'
  | (string & {});
/** `inference` today; each service that joins the platform adds its id (open set, like stream types). */
export type RevenueServiceId = 'inference' | 'staking' | (string & {});
export type RevenueStream = typeof revenueStreams.$inferSelect;
export type NewRevenueStream = typeof revenueStreams.$inferInsert;
