import { GAME_MODES, type GameMode, TICK_RATE } from './gameModes';
import type { InputEvent } from './InputEvent';
import { InputLogError } from './InputLogError';
import { MAX_INPUTS_PER_SECOND, MIN_INPUT_GAP_TICKS, maxInputEvents } from './inputLimits';

/**
 * Checks that a run's moves are ones a person could have made in one round: within the round,
 * strictly increasing ticks, no two closer than `MIN_INPUT_GAP_TICKS`, never more than
 * `MAX_INPUTS_PER_SECOND` in any second. One pass, so the check costs at most the log's bound.
 *
 * @param events The decoded moves.
 * @param mode The round's mode (its length).
 * @throws InputLogError with the first reason found.
 * @example
 * validateInputLog([{ tick: 10, move: 'left' }], 'classic');
 */
export function validateInputLog(events: readonly InputEvent[], mode: GameMode): void {
  if (events.length > maxInputEvents(mode)) {
    throw new InputLogError('too_many_inputs', `more than ${maxInputEvents(mode)} moves in a round`);
  }
  const { roundTicks } = GAME_MODES[mode];
  let previous = -MIN_INPUT_GAP_TICKS;
  for (const [index, event] of events.entries()) {
    if (!Number.isInteger(event.tick) || event.tick < 0 || event.tick >= roundTicks) {
      throw new InputLogError(
        'tick_outside_round',
        `move ${index} at tick ${event.tick} is outside the round`,
      );
    }
    if (index > 0 && event.tick <= previous) {
      throw new InputLogError('ticks_not_increasing', `move ${index} is not after the move before it`);
    }
    if (event.tick - previous < MIN_INPUT_GAP_TICKS) {
      throw new InputLogError(
        'inputs_too_fast',
        `move ${index} follows the one before within ${MIN_INPUT_GAP_TICKS - 1} tick`,
      );
    }
    const windowStart = events[index - MAX_INPUTS_PER_SECOND];
    if (windowStart && event.tick - windowStart.tick < TICK_RATE) {
      throw new InputLogError(
        'inputs_too_fast',
        `more than ${MAX_INPUTS_PER_SECOND} moves within one second at move ${index}`,
      );
    }
    previous = event.tick;
  }
}
