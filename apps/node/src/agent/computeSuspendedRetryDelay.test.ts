import { describe, expect, it } from 'vitest';
import { computeSuspendedRetryDelay } from './computeSuspendedRetryDelay.js';

describe('computeSuspendedRetryDelay', () => {
  it('waits 30 s first, doubling up to 5 min', () => {
    expect([0, 1, 2, 3, 4, 5, 60].map((attempt) => computeSuspendedRetryDelay(attempt))).toEqual([
      30_000, 60_000, 120_000, 240_000, 300_000, 300_000, 300_000,
    ]);
  });

  it('takes its bounds from the options', () => {
    expect(computeSuspendedRetryDelay(0, { firstMs: 20, maxMs: 50 })).toBe(20);
    expect(computeSuspendedRetryDelay(5, { firstMs: 20, maxMs: 50 })).toBe(50);
    expect(computeSuspendedRetryDelay(-1, { firstMs: 20 })).toBe(20);
  });
});
