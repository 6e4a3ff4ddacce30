import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { wei } from './wei.js';

// Farcana's chain mirror: what TournamentPool holds, as the gaming chain follower reads it from the
// pool's events. Every row is a projection of the chain (addresses lowercase, keyed by the pool's address
// so a redeployed pool never mixes with the old one, tournament ids as decimal strings like
// gaming_seeds.tournament_id): the follower deletes and rebuilds a pool's rows when the chain's history
// changes under its cursor.

/** TournamentPool's Status, by name. */
export type GamingTournamentStatus = 'open' | 'results_posted' | 'disputed' | 'cancelled';
/** TournamentPool's CancelReason, by name. */
export type GamingCancelReason =
  | 'by_organiser'
  | 'too_few_players'
  | 'no_results'
  | 'dispute_upheld'
  | 'dispute_unresolved';

/** One tournament's terms and money as the pool holds them. */
export const gamingChainTournaments = pgTable(
  'gaming_chain_tournaments',
  {
    poolAddress: varchar('pool_address', { length: 42 }).notNull(),
    tournamentId: varchar('tournament_id', { length: 78 }).notNull(),
    organiserAddress: varchar('organiser_address', { length: 42 }).notNull(),
    gameServerAddress: varchar('game_server_address', { length: 42 }).notNull(),
    /** The mode as left-aligned ASCII bytes32 on chain (`classic`), decoded; the raw hex if it is not text. */
    mode: varchar('mode', { length: 66 }).notNull(),
    metadataHash: varchar('metadata_hash', { length: 66 }).notNull(),
    entryFeeWei: wei('entry_fee_wei').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    minPlayers: integer('min_players').notNull(),
    maxPlayers: integer('max_players').notNull(),
    disputeWindowSeconds: integer('dispute_window_seconds').notNull(),
    platformFeeBps: integer('platform_fee_bps').notNull(),
    stakersShareBps: integer('stakers_share_bps').notNull(),
    /** Rank 1 first, in bps. */
    prizeBps: jsonb('prize_bps').$type<number[]>().notNull(),
    /**
     * As stored on chain. The follower cannot see time pass: an `open` tournament past its end with too
     * few entrants is already refundable (the pool's `isRefundable` says so at once).
     */
    status: text('status').$type<GamingTournamentStatus>().notNull(),
    cancelReason: text('cancel_reason').$type<GamingCancelReason>(),
    entrants: integer('entrants').notNull(),
    /** Entry fees paid in (refunds not deducted). */
    poolWei: wei('pool_wei').notNull(),
    /** When the posted result becomes claimable (absent before results). */
    disputeEndsAt: timestamp('dispute_ends_at', { withTimezone: true }),
    stakersFeeWei: wei('stakers_fee_wei'),
    treasuryFeeWei: wei('treasury_fee_wei'),
    feesSettledAt: timestamp('fees_settled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    createdTransactionHash: varchar('created_transaction_hash', { length: 66 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'gaming_chain_tournaments_pk', columns: [t.poolAddress, t.tournamentId] }),
    index('idx_gaming_chain_tournaments_status').on(t.status, t.endsAt),
    index('idx_gaming_chain_tournaments_organiser').on(t.organiserAddress),
  ],
);

/** One player's entry: what they paid, where they ranked, and what they were paid back or won. */
export const gamingChainEntries = pgTable(
  'gaming_chain_entries',
  {
    poolAddress: varchar('pool_address', { length: 42 }).notNull(),
    tournamentId: varchar('tournament_id', { length: 78 }).notNull(),
    playerAddress: varchar('player_address', { length: 42 }).notNull(),
    entryFeeWei: wei('entry_fee_wei').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
    enteredTransactionHash: varchar('entered_transaction_hash', { length: 66 }).notNull(),
    /** 1-based place in the standing ranking; null when not in the paid places. */
    rank: integer('rank'),
    /** The prize of that place (claimed or not). */
    prizeWei: wei('prize_wei'),
    claimedWei: wei('claimed_wei'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    claimTransactionHash: varchar('claim_transaction_hash', { length: 66 }),
    refundedWei: wei('refunded_wei'),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({
      name: 'gaming_chain_entries_pk',
      columns: [t.poolAddress, t.tournamentId, t.playerAddress],
    }),
    index('idx_gaming_chain_entries_player').on(t.playerAddress),
  ],
);

/** Every ranking posted for a tournament: the game server's signed one, then any an operator set. */
export const gamingChainResults = pgTable(
  'gaming_chain_results',
  {
    poolAddress: varchar('pool_address', { length: 42 }).notNull(),
    tournamentId: varchar('tournament_id', { length: 78 }).notNull(),
    transactionHash: varchar('transaction_hash', { length: 66 }).notNull(),
    logIndex: integer('log_index').notNull(),
    postedBy: varchar('posted_by', { length: 42 }).notNull(),
    /** Lowercase wallets, rank 1 first. */
    ranking: jsonb('ranking').$type<string[]>().notNull(),
    /** Each place's prize in wei, as decimal strings (JSON has no bigint). */
    prizesWei: jsonb('prizes_wei').$type<string[]>().notNull(),
    disputeEndsAt: timestamp('dispute_ends_at', { withTimezone: true }).notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'gaming_chain_results_pk',
      columns: [t.poolAddress, t.transactionHash, t.logIndex],
    }),
    index('idx_gaming_chain_results_tournament').on(t.poolAddress, t.tournamentId),
  ],
);

/** A dispute of a posted result and how an operator resolved it. */
export const gamingChainDisputes = pgTable(
  'gaming_chain_disputes',
  {
    poolAddress: varchar('pool_address', { length: 42 }).notNull(),
    tournamentId: varchar('tournament_id', { length: 78 }).notNull(),
    transactionHash: varchar('transaction_hash', { length: 66 }).notNull(),
    logIndex: integer('log_index').notNull(),
    disputedBy: varchar('disputed_by', { length: 42 }).notNull(),
    reason: text('reason').notNull(),
    disputedAt: timestamp('disputed_at', { withTimezone: true }).notNull(),
    resolvedBy: varchar('resolved_by', { length: 42 }),
    /** `upheld`: the result was wrong (replaced or voided); `rejected`: it stood. Null while open. */
    outcome: text('outcome').$type<'upheld' | 'rejected'>(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({
      name: 'gaming_chain_disputes_pk',
      columns: [t.poolAddress, t.transactionHash, t.logIndex],
    }),
    index('idx_gaming_chain_disputes_tournament').on(t.poolAddress, t.tournamentId),
  ],
);

export type GamingChainTournament = typeof gamingChainTournaments.$inferSelect;
export type GamingChainEntry = typeof gamingChainEntries.$inferSelect;
