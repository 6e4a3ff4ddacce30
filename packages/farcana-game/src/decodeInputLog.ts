import type { GameMode } from './gameModes';
import type { InputEvent } from './InputEvent';
import { InputLogError } from './InputLogError';
import { maxEncodedInputLogLength } from './inputLimits';
import { validateInputLog } from './validateInputLog';

const ENCODED_LOG = /^(?:\d{1,4}[LR])*$/;
const ENCODED_MOVE = /(\d{1,4})([LR])/g;

/**
 * Reads an input log written by `encodeInputLog` and checks it against the mode's bounds. The
 * length is checked before anything is parsed, so the cost of a hostile log is bounded by the
 * round, whatever its size.
 *
 * @param text The encoded log.
 * @param mode The round's mode.
 * @returns The moves, validated.
 * @throws InputLogError (`input_log_too_long`, `input_log_malformed`, or a `validateInputLog` reason).
 * @example
 * decodeInputLog('12L3R', 'classic'); // [{ tick: 12, move: 'left' }, { tick: 15, move: 'right' }]
 */
export function decodeInputLog(text: string, mode: GameMode): InputEvent[] {
  if (text.length > maxEncodedInputLogLength(mode)) {
    throw new InputLogError(
      'input_log_too_long',
      `an input log of this mode is at most ${maxEncodedInputLogLength(mode)} characters`,
    );
  }
  if (!ENCODED_LOG.test(text)) {
    throw new InputLogError('input_log_malformed', 'an input log is tick deltas each followed by L or R');
  }
  const events: InputEvent[] = [];
  let tick = 0;
  for (const [, delta, letter] of text.matchAll(ENCODED_MOVE)) {
    tick += Number(delta);
    events.push({ tick, move: letter === 'L' ? 'left' : 'right' });
  }
  validateInputLog(events, mode);
  return events;
}
