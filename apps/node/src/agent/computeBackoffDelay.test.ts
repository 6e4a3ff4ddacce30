import { describe, expect, it } from 'vitest';
import { computeBackoffDelay } from './computeBackoffDelay.js';

describe('computeBackoffDelay', () => {
  it('doubles the ceiling per attempt up to the cap', () => {
    const top = () => 0.999_999;
    expect(computeBackoffDelay(0, { baseMs: 500, maxMs: 30_000, random: top })).toBe(499);
    expect(computeBackoffDelay(1, { baseMs: 500, maxMs: 30_000, random: top })).toBe(999);
    expect(computeBackoffDelay(3, { baseMs: 500, maxMs: 30_000, random: top })).toBe(3999);
    expect(computeBackoffDelay(20, { baseMs: 500, maxMs: 30_000, random: top })).toBe(29_999);
    expect(computeBackoffDelay(10_000, { baseMs: 500, maxMs: 30_000, random: top })).toBe(29_999);
  });

  it('spreads delays over the whole window (full jitter)', () => {
    expect(computeBackoffDelay(4, { random: () => 0 })).toBe(0);
    const delays = new Set(Array.from({ length: 50 }, () => computeBackoffDelay(6)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d).toBeLessThan(30_000);
  });
});
