import { describe, expect, it } from 'vitest';
import { decodeInputLog } from './decodeInputLog';
import { encodeInputLog } from './encodeInputLog';
import { GAME_MODES, gameModes } from './gameModes';
import { maxInputEvents } from './inputLimits';
import { simulateRun } from './simulateRun';
import { playWithBot } from './testing/playWithBot';

const seed = (byte: string) => `0x${byte.repeat(32)}`;

describe('simulateRun', () => {
  it.each(gameModes)('replays an honest %s run, sent as text, to exactly the score it showed', (mode) => {
    const played = playWithBot(seed('5a'), mode);
    expect(played.inputs.length).toBeGreaterThan(10);
    const wire = JSON.parse(JSON.stringify({ seed: seed('5a'), log: encodeInputLog(played.inputs) }));
    const replayed = simulateRun(wire.seed, decodeInputLog(wire.log, mode), mode);
    expect(replayed.score).toBe(played.score);
    expect(replayed.ticks).toBe(played.ticks);
  });

  it('scores a skilled run above standing still, and the same run differently on another seed', () => {
    const played = playWithBot(seed('11'), 'classic');
    const idle = simulateRun(seed('11'), [], 'classic');
    expect(played.score).toBeGreaterThan(idle.score);
    expect(simulateRun(seed('22'), played.inputs, 'classic').score).not.toBe(played.score);
  });

  it('gives a different score when one move of an honest log is flipped', () => {
    const played = playWithBot(seed('c3'), 'classic');
    const edited = played.inputs.map((input, index) =>
      index === 5
        ? { ...input, move: input.move === 'left' ? ('right' as const) : ('left' as const) }
        : input,
    );
    expect(simulateRun(seed('c3'), edited, 'classic').score).not.toBe(played.score);
  });

  it('never plays more than the round, whatever the log holds', () => {
    const { roundTicks } = GAME_MODES.sprint;
    const busiest = Array.from({ length: maxInputEvents('sprint') }, (_, index) => ({
      tick: Math.floor((index * roundTicks) / maxInputEvents('sprint')),
      move: index % 2 === 0 ? ('left' as const) : ('right' as const),
    }));
    const busy = busiest.filter(
      (input, index) => index === 0 || input.tick - (busiest[index - 1]?.tick ?? 0) >= 2,
    );
    const result = simulateRun(seed('9f'), busy, 'sprint');
    expect(result.ticks).toBeLessThanOrEqual(roundTicks);
  });
});
