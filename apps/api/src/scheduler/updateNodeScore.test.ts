import { splitRevenue } from '@far/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { updateNodeScore } from './updateNodeScore.js';

describe('updateNodeScore', () => {
  it('weighs the old score 0.7 and uptime, speed and accuracy 10 points each', () => {
    // 100·0.7 + 0.995·10 + 1·10 + 0.98·10
    expect(
      updateNodeScore(100, { uptime: 99.5, actualSpeed: 50, expectedSpeed: 50, accuracy: 0.98 }),
    ).toBeCloseTo(99.75);
  });

  it('caps the speed factor at 1 and scales it below', () => {
    const base = { uptime: 100, expectedSpeed: 50, accuracy: 1 };
    expect(updateNodeScore(80, { ...base, actualSpeed: 500 })).toBeCloseTo(86);
    expect(updateNodeScore(80, { ...base, actualSpeed: 25 })).toBeCloseTo(81);
  });

  it('stays within 0..100 whatever the metrics claim', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: false }),
        fc.double(),
        fc.double(),
        fc.double(),
        fc.double(),
        (score, uptime, actualSpeed, expectedSpeed, accuracy) => {
          const next = updateNodeScore(score, { uptime, actualSpeed, expectedSpeed, accuracy });
          return next >= 0 && next <= 100;
        },
      ),
    );
  });
});

/**
 * The node's performance adjustment in basis points of its 60 % share, read from the split the
 * payouts use (`splitRevenue`, as the InferencePayment contract computes it).
 */
const paymentAdjustmentBps = (score: number): number => Number(splitRevenue(1_000_000n, score).node / 60n);

describe('the payment adjustment a score earns (splitRevenue)', () => {
  it('follows the contract: 100 ± ⌊|score − 80| / 2⌋ percent, clamped to 90..110', () => {
    expect(paymentAdjustmentBps(80)).toBe(10_000);
    expect(paymentAdjustmentBps(85)).toBe(10_200);
    expect(paymentAdjustmentBps(100)).toBe(11_000);
    expect(paymentAdjustmentBps(75)).toBe(9_800);
    expect(paymentAdjustmentBps(60)).toBe(9_000);
    expect(paymentAdjustmentBps(0)).toBe(9_000);
  });

  it('is monotone in the score', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (a, b) =>
        a <= b ? paymentAdjustmentBps(a) <= paymentAdjustmentBps(b) : true,
      ),
    );
  });
});
