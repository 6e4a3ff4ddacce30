import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createStopSequenceFilter } from './createStopSequenceFilter.js';

function run(stops: string[], pieces: string[]) {
  const filter = createStopSequenceFilter(stops);
  const events: string[] = [];
  for (const piece of pieces) {
    const { released, stopped } = filter.push(piece);
    events.push(...released);
    if (stopped) return { events, stopped };
  }
  events.push(...filter.flush());
  return { events, stopped: false };
}

describe('createStopSequenceFilter', () => {
  it('passes tokens straight through when nothing could start a stop sequence', () => {
    const filter = createStopSequenceFilter(['END']);
    expect(filter.push(' the')).toEqual({ released: [' the'], stopped: false });
    expect(filter.push(' river')).toEqual({ released: [' river'], stopped: false });
  });

  it('holds a token that may begin a stop sequence until the next one decides', () => {
    const filter = createStopSequenceFilter(['\n\n']);
    expect(filter.push('a\n')).toEqual({ released: [], stopped: false });
    expect(filter.push('b')).toEqual({ released: ['a\n', 'b'], stopped: false });
  });

  it('cuts the token where a stop sequence starts and drops the rest', () => {
    expect(run(['User:'], [' Hi', ' there.', '\nUs', 'er:', ' more'])).toEqual({
      events: [' Hi', ' there.', '\n'],
      stopped: true,
    });
  });

  it('releases held text as real output when generation ends otherwise', () => {
    expect(run(['###'], ['a', '#', '#'])).toEqual({ events: ['a', '#', '#'], stopped: false });
  });

  it('never emits a stop sequence and keeps everything before the first one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 3 }), { maxLength: 12 }),
        (pieces) => {
          const stop = 'abc';
          const { events, stopped } = run([stop], pieces);
          const full = pieces.join('');
          const text = events.join('');
          expect(text).not.toContain(stop);
          expect(stopped).toBe(full.includes(stop));
          expect(text).toBe(stopped ? full.slice(0, full.indexOf(stop)) : full);
          expect(events.length).toBeLessThanOrEqual(pieces.length);
        },
      ),
    );
  });
});
