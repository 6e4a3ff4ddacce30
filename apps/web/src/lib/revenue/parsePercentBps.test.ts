import { describe, expect, it } from 'vitest';
import { parsePercentBps } from './parsePercentBps';

describe('parsePercentBps', () => {
  const any = { min: -100, max: 1_000 };

  it('reads whole and decimal percentages, with or without a % sign', () => {
    expect(parsePercentBps('1', any)).toBe(100n);
    expect(parsePercentBps('2.5', any)).toBe(250n);
    expect(parsePercentBps('0.01 %', any)).toBe(1n);
    expect(parsePercentBps('-3.25', any)).toBe(-325n);
    expect(parsePercentBps('12.', any)).toBe(1_200n);
  });

  it('refuses text, more than two decimals and values out of bounds', () => {
    for (const input of ['', 'abc', '1.234', '--1', '1e3'])
      expect(parsePercentBps(input, any)).toBeUndefined();
    expect(parsePercentBps('-1', { min: 0, max: 100 })).toBeUndefined();
    expect(parsePercentBps('100.01', { min: 0, max: 100 })).toBeUndefined();
    expect(parsePercentBps('100', { min: 0, max: 100 })).toBe(10_000n);
  });
});
