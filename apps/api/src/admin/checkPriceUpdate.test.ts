import { describe, expect, it } from 'vitest';
import { checkPriceUpdate } from './checkPriceUpdate.js';

const limits = {
  lastAnswer: 10_000_000n,
  minAnswer: 1_000_000n,
  maxAnswer: 100_000_000n,
  maxDeviationBps: 2_000n,
};

describe('checkPriceUpdate', () => {
  it('accepts a price within the bounds and the deviation limit, edges included', () => {
    expect(() => checkPriceUpdate(12_000_000n, limits)).not.toThrow();
    expect(() => checkPriceUpdate(8_000_000n, limits)).not.toThrow();
  });

  it('refuses a price outside the bounds', () => {
    expect(() => checkPriceUpdate(999_999n, { ...limits, lastAnswer: null })).toThrow(/minimum/);
    expect(() => checkPriceUpdate(100_000_001n, { ...limits, lastAnswer: null })).toThrow(/maximum/);
  });

  it('refuses a move beyond the deviation limit from the last answer', () => {
    expect(() => checkPriceUpdate(12_000_001n, limits)).toThrow(/bps/);
    expect(() => checkPriceUpdate(7_999_999n, limits)).toThrow(/bps/);
  });

  it('checks nothing the feed does not limit', () => {
    const none = { lastAnswer: null, minAnswer: null, maxAnswer: null, maxDeviationBps: null };
    expect(() => checkPriceUpdate(1n, none)).not.toThrow();
  });
});
