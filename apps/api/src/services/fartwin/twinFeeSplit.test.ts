import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { twinFeeSplit } from './twinFeeSplit.js';

const creatorUserId = '11111111-1111-4111-8111-111111111111';

describe('twinFeeSplit', () => {
  it('gives the creator 70 %, stakers 20 % and the treasury the remainder', () => {
    expect(twinFeeSplit(101n, creatorUserId)).toEqual({
      creatorUserId,
      creator: 70n,
      stakers: 20n,
      treasury: 11n,
    });
    expect(twinFeeSplit(0n, creatorUserId)).toEqual({
      creatorUserId,
      creator: 0n,
      stakers: 0n,
      treasury: 0n,
    });
  });

  it('sums to the fee exactly, with no part negative, for any fee up to 2^256', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n }), (fee) => {
        const split = twinFeeSplit(fee, creatorUserId);
        expect(split.creator + split.stakers + split.treasury).toBe(fee);
        expect(split.creator >= 0n && split.stakers >= 0n && split.treasury >= 0n).toBe(true);
      }),
    );
  });
});
