import { type Db, gamingRuns } from '@far/db';
import { and, desc, eq, max, type SQL } from 'drizzle-orm';
import type { Leaderboard } from './Leaderboard.js';

function boardFilter(board: string): SQL | undefined {
  const [kind, first, mode] = board.split(':');
  if (kind === 'tournament' && first) return eq(gamingRuns.tournamentId, first);
  if (kind === 'season' && first && mode) return and(eq(gamingRuns.season, first), eq(gamingRuns.mode, mode));
  throw new RangeError(`not a leaderboard id: ${board}`);
}

/**
 * The leaderboard read from the runs themselves: nothing to record, since a verified run is
 * already a row; `top` ranks each wallet's best verified score on the board.
 *
 * @param db - the database.
 * @returns the database-backed leaderboard.
 */
export function createDbLeaderboard(db: Db): Leaderboard {
  return {
    async record() {},
    async top(board, limit) {
      const best = max(gamingRuns.score);
      const rows = await db
        .select({ wallet: gamingRuns.walletAddress, score: best })
        .from(gamingRuns)
        .where(and(boardFilter(board), eq(gamingRuns.status, 'verified')))
        .groupBy(gamingRuns.walletAddress)
        .orderBy(desc(best), desc(gamingRuns.walletAddress))
        .limit(limit);
      return rows.map((row, index) => ({ wallet: row.wallet, score: row.score ?? 0, rank: index + 1 }));
    },
  };
}
