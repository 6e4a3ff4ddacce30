import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * What happened on an account, for its owner's "Security & activity" list and for operators
 * (seed §7.2 "User Activity Collection", kept as one append-only row per event rather than a
 * document per day). Nothing updates or deletes a row.
 */
export const userActivity = pgTable(
  'user_activity',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    type: text('type').$type<UserActivityType>().notNull(),
    /** What the event was about (key name and prefix, amount in wei, the admin action and reason…). */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    /**
     * The client's network, never its whole address: an IPv4 /24 or IPv6 /48 prefix
     * (`203.0.113.0/24`), enough for the user to recognise where a sign-in came from.
     */
    ipPrefix: text('ip_prefix'),
    userAgent: text('user_agent'),
    /** Lowercase wallet that acted on the account when it was not its owner (an operator); null otherwise. */
    actorAddress: varchar('actor_address', { length: 42 }),
    /**
     * Makes an event that can be seen twice (a chain log re-read by the indexer: its ledger
     * idempotency key, `chain:<scope>:<txHash>:<logIndex>`) write one row only; null for events
     * that happen once (a sign-in).
     */
    sourceKey: text('source_key').unique(),
    /** When it happened: the request's time, or the block's time for chain events. */
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_user_activity_user_occurred').on(t.userId, t.occurredAt.desc(), t.id.desc()),
    check(
      'user_activity_actor_address_lowercase',
      sql`${t.actorAddress} is null or ${t.actorAddress} ~ '^0x[0-9a-f]{40}$'`,
    ),
  ],
);

/** The kinds of account events recorded. */
export const USER_ACTIVITY_TYPES = [
  'sign_in',
  'api_key_created',
  'api_key_revoked',
  'deposit',
  'withdrawal',
  'admin_action',
] as const;

export type UserActivityType = (typeof USER_ACTIVITY_TYPES)[number];

export type UserActivity = typeof userActivity.$inferSelect;
