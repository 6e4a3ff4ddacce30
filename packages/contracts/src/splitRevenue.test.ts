import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContractsError } from './errors/ContractsError.js';
import { splitRevenue } from './splitRevenue.js';

describe('splitRevenue', () => {
  it('pays 60/20/20 at the neutral score of 80', () => {
    expect(splitRevenue(1_000n, 80)).toEqual({ node: 600n, stakers: 200n, treasury: 200n });
  });

  it('gives the node +10% at score 100 and −10% at 60 or below', () => {
    expect(splitRevenue(1_000n, 100)).toEqual({ node: 660n, stakers: 200n, treasury: 140n });
    expect(splitRevenue(1_000n, 60)).toEqual({ node: 540n, stakers: 200n, treasury: 260n });
    expect(splitRevenue(1_000n, 0)).toEqual({ node: 540n, stakers: 200n, treasury: 260n });
  });

  it('moves half a percent per score point, truncating odd points toward 80', () => {
    expect(splitRevenue(10_000n, 81).node).toBe(6_000n);
    expect(splitRevenue(10_000n, 82).node).toBe(6_060n);
    expect(splitRevenue(10_000n, 79).node).toBe(6_000n);
    expect(splitRevenue(10_000n, 78).node).toBe(5_940n);
  });

  it('clamps scores to 0..100 (unclamped, a score of 200 would pay the node +60 %)', () => {
    expect(splitRevenue(1_000n, 200)).toEqual(splitRevenue(1_000n, 100));
    expect(splitRevenue(1_000n, -5)).toEqual(splitRevenue(1_000n, 0));
  });

  it('always sums to the charge and never gives a share below zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 30n }),
        fc.integer({ min: -50, max: 500 }),
        (cost, score) => {
          const { node, stakers, treasury } = splitRevenue(cost, score);
          expect(node + stakers + treasury).toBe(cost);
          expect(node >= 0n && stakers >= 0n && treasury >= 0n).toBe(true);
          expect(node * 10_000n <= cost * 6_600n).toBe(true);
        },
      ),
    );
  });

  it('rejects negative costs and fractional scores with typed errors', () => {
    expect(() => splitRevenue(-1n, 80)).toThrow(ContractsError);
    expect(() => splitRevenue(1n, 80.5)).toThrowError(
      expect.objectContaining({ code: 'INVALID_PERFORMANCE_SCORE' }),
    );
  });
});
