import { lockTiers as contractTiers } from '@far/contracts';
import { describe, expect, it } from 'vitest';
import { lockTiers } from './lockTiers';

describe('lockTiers', () => {
  it('offers exactly the tiers FARStaking accepts, with its durations and multipliers', () => {
    expect(
      lockTiers.map(({ id, lockDays, multiplierBps }) => ({ lockTier: id, days: lockDays, multiplierBps })),
    ).toEqual(contractTiers.map((tier) => ({ ...tier })));
  });
});
