import { describe, expect, it } from 'vitest';
import { toClientPayload } from './toClientPayload.js';

describe('toClientPayload', () => {
  it('writes bigint as exact decimal strings and dates as ISO strings, at any depth', () => {
    const at = new Date('2026-11-30T00:00:00.000Z');
    expect(
      toClientPayload({
        amount: 2n ** 200n,
        at,
        nested: { list: [1n, { when: at }] },
        label: 'x',
        empty: null,
      }),
    ).toEqual({
      amount: (2n ** 200n).toString(),
      at: '2026-11-30T00:00:00.000Z',
      nested: { list: ['1', { when: '2026-11-30T00:00:00.000Z' }] },
      label: 'x',
      empty: null,
    });
  });

  it('drops undefined properties, as JSON would', () => {
    expect(Object.keys(toClientPayload({ a: 1, b: undefined }))).toEqual(['a']);
  });
});
