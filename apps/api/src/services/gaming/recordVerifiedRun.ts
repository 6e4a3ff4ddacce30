import type { Db, GamingRun } from '@far/db';
import type { Bus } from '../../bus/Bus.js';
import type { Logger } from '../../observability/createLogger.js';
import { boardsOfRun } from './boardsOfRun.js';
import { publishLeaderboard } from './gamingLeaderboardChannel.js';
import type { Leaderboard } from './Leaderboard.js';
import { readLeaderboard } from './readLeaderboard.js';

export type RecordVerifiedRunDependencies = {
  db: Db;
  leaderboard: Leaderboard;
  bus: Pick<Bus, 'publish'>;
  logger: Logger;
};

/**
 * Puts a verified run on its leaderboards and pushes each board's new top places on
 * `gaming:leaderboard`. The run row is already committed; a failure here is logged, not thrown,
 * since the run stays verified and the next run republishes the board.
 *
 * @param deps - database, leaderboard, bus, logger.
 * @param run - the verified run.
 */
export async function recordVerifiedRun(deps: RecordVerifiedRunDependencies, run: GamingRun): Promise<void> {
  if (run.status !== 'verified' || run.score === null) return;
  for (const board of boardsOfRun(run)) {
    try {
      await deps.leaderboard.record(board, run.walletAddress, run.score);
      const entries = await readLeaderboard(deps.db, deps.leaderboard, board);
      await publishLeaderboard(deps.bus, { board, entries, at: new Date().toISOString() });
    } catch (error) {
      deps.logger.warn({ err: error, board, runId: run.id }, 'leaderboard update failed');
    }
  }
}
