import type { GameMode } from '@far/farcana-game';

/** What Farcana's run checks need to know about an on-chain tournament. */
export type TournamentSlot = {
  /** The `TournamentPool` id, decimal. */
  id: string;
  mode: GameMode;
  startsAt: Date;
  endsAt: Date;
  /** Paid places (the prize table's length): a result ranks at most this many wallets. */
  places: number;
};

/**
 * Where the run checks read tournaments and their entrants: the chain mirror in production, a map
 * in tests. Kept to what a seed request and a result need, so the game never reads the chain itself.
 */
export type TournamentDirectory = {
  find(id: string): Promise<TournamentSlot | undefined>;
  /** Whether `wallet` (lowercase) has entered tournament `id` and not been refunded. */
  isEntrant(id: string, wallet: string): Promise<boolean>;
  /** Tournaments whose end has passed and whose results the game server has not posted yet. */
  awaitingResults(now: Date): Promise<TournamentSlot[]>;
  /** Every entrant's wallet (lowercase) of a tournament. */
  entrants(id: string): Promise<string[]>;
  /** Prizes `wallet` (lowercase) has claimed, in wei. */
  earnings(wallet: string): Promise<bigint>;
};

/** A directory that knows no tournaments: practice only, until the tournament contract is deployed. */
export const noTournaments: TournamentDirectory = {
  find: async () => undefined,
  isEntrant: async () => false,
  awaitingResults: async () => [],
  entrants: async () => [],
  earnings: async () => 0n,
};
