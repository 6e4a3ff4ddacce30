import { describe, expect, it } from 'vitest';
import { nextBlockRange } from './nextBlockRange.js';

describe('nextBlockRange', () => {
  it('takes at most maxBlockRange blocks after the cursor', () => {
    expect(nextBlockRange(10n, 100n, 50)).toEqual({ fromBlock: 11n, toBlock: 60n });
  });

  it('stops at the last confirmed block', () => {
    expect(nextBlockRange(10n, 30n, 50)).toEqual({ fromBlock: 11n, toBlock: 30n });
    expect(nextBlockRange(-1n, 0n, 1)).toEqual({ fromBlock: 0n, toBlock: 0n });
  });
});
