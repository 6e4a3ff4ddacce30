import type { GamingRun } from '@far/db';

/**
 * The leaderboards a verified run counts on: its season's board for its mode, and its tournament's
 * board when it was a tournament run.
 *
 * @example
 * boardsOfRun(run); // ['season:2026-12:classic', 'tournament:3']
 */
export function boardsOfRun(run: Pick<GamingRun, 'season' | 'mode' | 'tournamentId'>): string[] {
  const season = `season:${run.season}:${run.mode}`;
  return run.tournamentId ? [season, `tournament:${run.tournamentId}`] : [season];
}
