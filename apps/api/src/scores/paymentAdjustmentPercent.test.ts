import { splitRevenue } from '@far/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paymentAdjustmentPercent } from './paymentAdjustmentPercent.js';

describe('paymentAdjustmentPercent', () => {
  it('is the adjustment splitRevenue pays the node at every score', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (score) => {
        const node = splitRevenue(1_000_000n, Math.round(score)).node;
        return node === (1_000_000n * 60n * BigInt(100 + paymentAdjustmentPercent(score))) / 10_000n;
      }),
    );
  });

  it('spans −10..+10 around the neutral 80', () => {
    expect([0, 60, 79, 80, 81, 82, 95, 100].map(paymentAdjustmentPercent)).toEqual([
      -10, -10, 0, 0, 0, 1, 7, 10,
    ]);
  });
});
