import { lockTiers as contractLockTiers } from '@far/contracts/browser';

/**
 * FARStaking's lock tiers (`stake(amount, lockTier)`): longer locks earn a reward multiplier on
 * the staked amount. Durations and multipliers come from `@far/contracts`; only the label is the
 * web app's.
 */
export type LockTier = { id: number; label: string; lockDays: number; multiplierBps: number };

export const lockTiers: readonly LockTier[] = contractLockTiers.map((tier) => ({
  id: tier.lockTier,
  label: tier.days === 0 ? 'Flexible' : `${tier.days} days`,
  lockDays: tier.days,
  multiplierBps: tier.multiplierBps,
}));
