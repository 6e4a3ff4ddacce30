import { gameModes } from '@far/farcana-game';
import { z } from 'zod';

/**
 * A leaderboard's id: `tournament:<id>` (one tournament's verified runs) or
 * `season:<YYYY-MM>:<mode>` (every verified run of a mode in a calendar month).
 */
export const BoardIdSchema = z.union([
  z.string().regex(/^tournament:\d{1,78}$/),
  z.string().regex(new RegExp(`^season:\\d{4}-\\d{2}:(${gameModes.join('|')})$`)),
]);

/** One line of a leaderboard: a wallet's best verified score and its place. */
export type LeaderboardEntry = { wallet: string; score: number; rank: number };

/**
 * Best verified score per wallet, per board. Two implementations behave alike (one contract
 * suite): Redis sorted sets when Redis is configured, shared by every replica and O(log n) per
 * run; the database otherwise, ranking the stored runs. Ties rank by wallet, descending, in both.
 */
export type Leaderboard = {
  /** Records a verified score; a wallet's best score on the board is kept. */
  record(board: string, wallet: string, score: number): Promise<void>;
  /** The first `limit` places. */
  top(board: string, limit: number): Promise<LeaderboardEntry[]>;
};
