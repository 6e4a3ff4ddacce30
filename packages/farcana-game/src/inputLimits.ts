import { GAME_MODES, type GameMode, TICK_RATE } from './gameModes';

/**
 * The fastest a person presses lane keys: at most this many moves in any one second. Fast
 * alternate tapping peaks near 10–12 presses a second; a log above it was not played by hand.
 */
export const MAX_INPUTS_PER_SECOND = 12;

/** At least this many ticks (≈ 67 ms at 30 Hz) between two moves, the same bound at a finer grain. */
export const MIN_INPUT_GAP_TICKS = 2;

/** The most moves a whole round of `mode` can hold within the rate limit. */
export function maxInputEvents(mode: GameMode): number {
  return (GAME_MODES[mode].roundTicks / TICK_RATE) * MAX_INPUTS_PER_SECOND;
}

/**
 * The longest encoded input log of `mode`: each move is at most four digits of tick delta (a round
 * is under 10,000 ticks) and one letter. Checked before any parsing, so a huge body costs nothing.
 */
export function maxEncodedInputLogLength(mode: GameMode): number {
  return maxInputEvents(mode) * 5;
}
