import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * Farcana Game's seeds: each run starts from a seed the server issued to one player, for practice
 * (`tournament_id` null) or for one tournament, and a seed is good for one run only. An open seed
 * (not used, not closed) is the player's active run in that slot; the partial unique index keeps it
 * to one per player and slot.
 */
export const gamingSeeds = pgTable(
  'gaming_seeds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** 32 random bytes as 0x-hex: the simulation's only source of chance. */
    seed: varchar('seed', { length: 66 }).notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    mode: varchar('mode', { length: 20 }).notNull(),
    /** The `TournamentPool` id as a decimal string (a uint256); null for practice. */
    tournamentId: varchar('tournament_id', { length: 78 }),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    /** After this a run on the seed is refused: the round's length plus a grace for the network. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Set when the seed stops being open: a run was submitted, it expired, or practice moved on. */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closedAs: text('closed_as').$type<GamingSeedClosure>(),
  },
  (t) => [
    uniqueIndex('gaming_seeds_one_open_per_slot')
      .on(t.userId, sql`coalesce(${t.tournamentId}, 'practice')`)
      .where(sql`${t.closedAt} is null`),
    index('idx_gaming_seeds_user_issued').on(t.userId, t.issuedAt),
    check('gaming_seeds_seed_hex', sql`${t.seed} ~ '^0x[0-9a-f]{64}$'`),
  ],
);

export type GamingSeedClosure = 'submitted' | 'expired' | 'abandoned';
export type GamingSeed = typeof gamingSeeds.$inferSelect;

/**
 * One submitted run per seed (the unique `seed_id` makes a seed single-use): the player's input
 * log, the score they claimed and, once the server replayed it, the verified score or the reason it
 * was rejected. Only `verified` rows reach leaderboards and tournament results.
 */
export const gamingRuns = pgTable(
  'gaming_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seedId: uuid('seed_id')
      .notNull()
      .unique()
      .references(() => gamingSeeds.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** Lowercase, copied from the user so leaderboards and results need no join. */
    walletAddress: varchar('wallet_address', { length: 42 }).notNull(),
    mode: varchar('mode', { length: 20 }).notNull(),
    tournamentId: varchar('tournament_id', { length: 78 }),
    /** `YYYY-MM` (UTC) of the submission: the season leaderboard it counts for. */
    season: varchar('season', { length: 7 }).notNull(),
    claimedScore: integer('claimed_score').notNull(),
    status: text('status').$type<GamingRunStatus>().notNull(),
    /** The replayed score; null when the log was refused before a replay. */
    score: integer('score'),
    ticks: integer('ticks'),
    rejectReason: varchar('reject_reason', { length: 40 }),
    inputLog: text('input_log').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_gaming_runs_tournament_score').on(t.tournamentId, t.score),
    index('idx_gaming_runs_season_score').on(t.season, t.mode, t.score),
    index('idx_gaming_runs_user_submitted').on(t.userId, t.submittedAt),
    check('gaming_runs_wallet_lowercase', sql`${t.walletAddress} ~ '^0x[0-9a-f]{40}$'`),
    check('gaming_runs_verified_has_score', sql`${t.status} <> 'verified' or ${t.score} is not null`),
  ],
);

export type GamingRunStatus = 'verified' | 'rejected';
export type GamingRun = typeof gamingRuns.$inferSelect;

/** A player's public face on leaderboards: a display name and a preset avatar, bound to the wallet. */
export const gamingProfiles = pgTable('gaming_profiles', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  displayName: varchar('display_name', { length: 32 }).notNull(),
  /** One of the web app's preset avatars, by key. */
  avatar: varchar('avatar', { length: 32 }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type GamingProfile = typeof gamingProfiles.$inferSelect;

/**
 * The game server's result for a finished tournament: the ranking it signed and the transaction
 * that posted it. Written before sending, so a restart never signs a second, different ranking.
 */
export const gamingResultSubmissions = pgTable('gaming_result_submissions', {
  tournamentId: varchar('tournament_id', { length: 78 }).primaryKey(),
  ranking: jsonb('ranking').$type<string[]>().notNull(),
  status: text('status').$type<'signed' | 'sent' | 'confirmed' | 'failed'>().notNull(),
  txHash: varchar('tx_hash', { length: 66 }),
  error: text('error'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
