import { type Db, gamingRuns } from '@far/db';
import { and, desc, eq, max, type SQL } from 'drizzle-orm';
import type { LeaderboardEntry } from './Leaderboard.js';

function boardFilter(board: string): SQL | undefined {
  const [kind, first, mode] = board.split(':');
  if (kind === 'tournament' && first) return eq(gamingRuns.tournamentId, first);
  if (kind === 'season' && first && mode) return and(eq(gamingRuns.season, first), eq(gamingRuns.mode, mode));
  throw new RangeError(`not a leaderboard id: ${board}`);
}

/**
 * Each wallet's best verified score on a board, ranked from the stored runs (ties by wallet,
 * descending): the database leaderboard itself, and what rebuilds a Redis board that was lost.
 *
 * @param db - the database.
 * @param board - the board id (`tournament:<id>` or `season:<YYYY-MM>:<mode>`).
 * @param limit - the first places only; every wallet on the board without it.
 * @returns the entries, best first.
 * @example
 * await readBestScores(db, 'tournament:3', 10);
 */
export async function readBestScores(db: Db, board: string, limit?: number): Promise<LeaderboardEntry[]> {
  const best = max(gamingRuns.score);
  const ranked = db
    .select({ wallet: gamingRuns.walletAddress, score: best })
    .from(gamingRuns)
    .where(and(boardFilter(board), eq(gamingRuns.status, 'verified')))
    .groupBy(gamingRuns.walletAddress)
    .orderBy(desc(best), desc(gamingRuns.walletAddress));
  const rows = limit === undefined ? await ranked : await ranked.limit(limit);
  return rows.map((row, index) => ({ wallet: row.wallet, score: row.score ?? 0, rank: index + 1 }));
}
