import { splitRevenue } from '@far/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { updateNodeScore } from './updateNodeScore.js';

const honest = {
  uptime: 1,
  tokensPerSecond: 50,
  expectedTokensPerSecond: 50,
  firstTokenLatencyMs: 400,
  auditPassRate: 1,
  accuracy: 1,
};

describe('updateNodeScore', () => {
  it('keeps 0.7 of the score and moves 0.3 of the way to the formula target', () => {
    expect(updateNodeScore(80, honest)).toBeCloseTo(86);
    // Half uptime: target 87.5 → 0.7·80 + 0.3·87.5
    expect(updateNodeScore(80, { ...honest, uptime: 0.5 })).toBeCloseTo(82.25);
  });

  it('drops a fresh node below the neutral 80 after one dishonest task, whatever else it does well', () => {
    expect(updateNodeScore(80, { ...honest, accuracy: 0 })).toBeLessThan(80);
  });

  it('settles at the target when the inputs stay the same', () => {
    let score = 20;
    for (let i = 0; i < 60; i++) score = updateNodeScore(score, { ...honest, auditPassRate: 0.5 });
    expect(score).toBeCloseTo(90, 3);
  });

  it('stays within 0..100 whatever the metrics claim', () => {
    fc.assert(
      fc.property(
        fc.double({ noNaN: false }),
        fc.double(),
        fc.double(),
        fc.double(),
        fc.option(fc.double(), { nil: null }),
        fc.double(),
        fc.double(),
        (
          score,
          uptime,
          tokensPerSecond,
          expectedTokensPerSecond,
          firstTokenLatencyMs,
          auditPassRate,
          accuracy,
        ) => {
          const next = updateNodeScore(score, {
            uptime,
            tokensPerSecond,
            expectedTokensPerSecond,
            firstTokenLatencyMs,
            auditPassRate,
            accuracy,
          });
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
