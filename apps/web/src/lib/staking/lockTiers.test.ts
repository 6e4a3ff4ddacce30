import { lockTiers as contractTiers } from '@far/contracts/browser';
import { describe, expect, it } from 'vitest';
import { lockTiers } from './lockTiers';

describe('lockTiers', () => {
  it('offers exactly the tiers FARStaking accepts, with its durations and multipliers', () => {
    expect(
      lockTiers.map(({ id, lockDays, multiplierBps }) => ({ lockTier: id, days: lockDays, multiplierBps })),
    ).toEqual(contractTiers.map((tier) => ({ ...tier })));
  });

  it('labels each tier by its lock', () => {
    expect(lockTiers.map((tier) => tier.label)).toEqual([
      'Flexible',
      '30 days',
      '90 days',
      '180 days',
      '365 days',
    ]);
  });
});
