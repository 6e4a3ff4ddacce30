import { createGameState } from './createGameState';
import type { GameState, Move } from './GameState';
import { type GameMode, TICK_RATE } from './gameModes';
import type { InputEvent } from './InputEvent';
import { MAX_INPUTS_PER_SECOND, MIN_INPUT_GAP_TICKS } from './inputLimits';
import { stepGame } from './stepGame';

/** A round being played live: the renderer presses, advances and draws `state`. */
export type PlayableRun = {
  state: GameState;
  /** The moves applied so far, in the shape the server replays. */
  inputs: InputEvent[];
  /** Queues a move for the next tick; the latest press before a tick wins. */
  press: (move: Move) => void;
  /** Plays one tick with the queued move, if the input bounds allow it now. */
  advance: () => void;
};

/**
 * Starts a live round. A press that would break the input bounds (too soon after the last move) is
 * held until it is allowed, so an honest player's log always passes the server's checks.
 *
 * @param seed The seed the server issued.
 * @param mode The round's mode.
 * @returns The live round.
 * @example
 * const run = createPlayableRun(seed, 'classic');
 * run.press('left');
 * run.advance();
 */
export function createPlayableRun(seed: string, mode: GameMode): PlayableRun {
  const state = createGameState(seed, mode);
  const inputs: InputEvent[] = [];
  let queued: Move | undefined;
  const allowedNow = () => {
    const last = inputs.at(-1);
    if (last && state.tick - last.tick < MIN_INPUT_GAP_TICKS) return false;
    const windowStart = inputs[inputs.length - MAX_INPUTS_PER_SECOND];
    return !windowStart || state.tick - windowStart.tick >= TICK_RATE;
  };
  return {
    state,
    inputs,
    press(move) {
      queued = move;
    },
    advance() {
      if (state.over) return;
      let move: Move | undefined;
      if (queued && allowedNow()) {
        move = queued;
        queued = undefined;
        inputs.push({ tick: state.tick, move });
      }
      stepGame(state, move);
    },
  };
}
