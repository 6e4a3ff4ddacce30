import { describe, expect, it } from 'vitest';
import { createTokenRateMeter } from './createTokenRateMeter.js';

describe('createTokenRateMeter', () => {
  it('averages tokens over the window and forgets older ones', () => {
    const meter = createTokenRateMeter(10);
    const t0 = 1_000_000;
    for (let i = 0; i < 50; i++) meter.record(1, t0 + i * 100); // 50 tokens over 5 s
    expect(meter.rate(t0 + 5_000)).toBe(5);
    expect(meter.rate(t0 + 20_000)).toBe(0);
  });
});
