import { createGameState } from './createGameState';
import type { GameMode } from './gameModes';
import type { InputEvent } from './InputEvent';
import { stepGame } from './stepGame';
import { validateInputLog } from './validateInputLog';

/** What a replayed round scored. */
export type RunResult = {
  score: number;
  /** Ticks played: the round's length, or fewer when the lives ran out. */
  ticks: number;
  gems: number;
  hits: number;
  livesLeft: number;
};

/**
 * Replays a round from its seed and moves: the one function both the browser (to show the score)
 * and the server (to verify it) call. The moves are validated first; the replay then runs at most
 * the round's ticks whatever the log holds, so its cost is bounded by the round.
 *
 * @param seed The seed the server issued for the run.
 * @param inputs The player's moves.
 * @param mode The round's mode.
 * @returns The score and counters.
 * @throws InputLogError when the moves break the input bounds.
 * @example
 * const { score } = simulateRun(seed, decodeInputLog(log, 'classic'), 'classic');
 */
export function simulateRun(seed: string, inputs: readonly InputEvent[], mode: GameMode): RunResult {
  validateInputLog(inputs, mode);
  const state = createGameState(seed, mode);
  let next = 0;
  while (!state.over) {
    const input = inputs[next];
    if (input && input.tick === state.tick) {
      next += 1;
      stepGame(state, input.move);
    } else {
      stepGame(state);
    }
  }
  return {
    score: state.score,
    ticks: state.tick,
    gems: state.gems,
    hits: state.hits,
    livesLeft: state.lives,
  };
}
