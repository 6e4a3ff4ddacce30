import { describe, expect, it } from 'vitest';
import { decodeInputLog } from './decodeInputLog';
import { encodeInputLog } from './encodeInputLog';
import { GAME_MODES } from './gameModes';
import type { InputEvent } from './InputEvent';
import { InputLogError, type InputLogRejection } from './InputLogError';
import { MAX_INPUTS_PER_SECOND, maxEncodedInputLogLength, maxInputEvents } from './inputLimits';

function rejection(text: string): InputLogRejection | undefined {
  try {
    decodeInputLog(text, 'classic');
    return undefined;
  } catch (error) {
    if (error instanceof InputLogError) return error.reason;
    throw error;
  }
}

const every = (gap: number, count: number): InputEvent[] =>
  Array.from({ length: count }, (_, index) => ({ tick: index * gap, move: index % 2 ? 'right' : 'left' }));

describe('decodeInputLog', () => {
  it('reads back what encodeInputLog wrote', () => {
    const events = every(5, 40);
    expect(decodeInputLog(encodeInputLog(events), 'classic')).toEqual(events);
    expect(decodeInputLog('', 'classic')).toEqual([]);
  });

  it('refuses text that is not an input log', () => {
    expect(rejection('12X')).toBe('input_log_malformed');
    expect(rejection('12L 3R')).toBe('input_log_malformed');
    expect(rejection('L')).toBe('input_log_malformed');
    expect(rejection('12345L')).toBe('input_log_malformed');
  });

  it('refuses an over-long log before parsing it', () => {
    expect(rejection('2L'.repeat(maxEncodedInputLogLength('classic')))).toBe('input_log_too_long');
  });

  it('refuses more moves than a round can hold at the human rate', () => {
    // 13 moves every 31 ticks: within the rate, but one move too many for the round.
    const spread = Array.from({ length: maxInputEvents('classic') + 1 }, (_, index) => ({
      tick: Math.floor(index / MAX_INPUTS_PER_SECOND) * 30 + (index % MAX_INPUTS_PER_SECOND) * 2,
      move: 'left' as const,
    }));
    expect(rejection(encodeInputLog(spread))).toBe('too_many_inputs');
  });

  it('refuses two moves at one tick (ticks must increase)', () => {
    expect(rejection('10L0R')).toBe('ticks_not_increasing');
  });

  it('refuses a move after the round ends', () => {
    expect(rejection(`${GAME_MODES.classic.roundTicks}L`)).toBe('tick_outside_round');
    expect(rejection(`${GAME_MODES.classic.roundTicks - 1}L`)).toBeUndefined();
  });

  it('refuses moves closer than a finger can make them', () => {
    expect(rejection('10L1R')).toBe('inputs_too_fast');
    expect(rejection('10L2R')).toBeUndefined();
  });

  it('refuses more than the human rate in any one second, even with legal gaps', () => {
    expect(rejection(encodeInputLog(every(2, MAX_INPUTS_PER_SECOND + 1)))).toBe('inputs_too_fast');
    expect(rejection(encodeInputLog(every(3, MAX_INPUTS_PER_SECOND + 1)))).toBeUndefined();
  });
});
