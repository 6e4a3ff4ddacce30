import { createRandom } from './createRandom';
import { LANES } from './field';
import type { GameState } from './GameState';
import { GAME_MODES, type GameMode } from './gameModes';

/**
 * The state of a round before its first tick.
 *
 * @param seed The server-issued seed (0x + 64 hex).
 * @param mode The game mode's rules to play under.
 * @returns A fresh state for `stepGame`.
 * @example
 * const state = createGameState(seed, 'classic');
 */
export function createGameState(seed: string, mode: GameMode): GameState {
  const rules = GAME_MODES[mode];
  return {
    mode,
    rules,
    random: createRandom(seed),
    tick: 0,
    lane: Math.floor(LANES / 2),
    lives: rules.lives,
    score: 0,
    combo: 0,
    gems: 0,
    hits: 0,
    objects: [],
    nextObjectId: 1,
    ticksToSpawn: rules.startSpawnGap,
    over: false,
  };
}
