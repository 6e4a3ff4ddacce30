import type { GameMode } from '@far/farcana-game';

/** This month's season leaderboard id for a mode (`season:2026-12:classic`), as the API names it. */
export function currentSeasonBoard(mode: GameMode, now = new Date()): string {
  return `season:${now.toISOString().slice(0, 7)}:${mode}`;
}
