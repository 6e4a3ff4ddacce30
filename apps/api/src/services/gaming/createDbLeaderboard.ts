import type { Db } from '@far/db';
import type { Leaderboard } from './Leaderboard.js';
import { readBestScores } from './readBestScores.js';

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
    top: (board, limit) => readBestScores(db, board, limit),
  };
}
