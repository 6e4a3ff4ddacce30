/**
 * FARStaking's lock tiers (`stake(amount, lockTier)`): longer locks earn a reward multiplier on
 * the staked amount. Mirrors `lockTierDuration` / `lockTierMultiplierBps` in FARStaking.sol;
 * lockTiers.test.ts checks it against `@far/contracts`.
 */
export type LockTier = { id: number; label: string; lockDays: number; multiplierBps: number };

export const lockTiers: readonly LockTier[] = [
  { id: 0, label: 'Flexible', lockDays: 0, multiplierBps: 10_000 },
  { id: 1, label: '30 days', lockDays: 30, multiplierBps: 11_000 },
  { id: 2, label: '90 days', lockDays: 90, multiplierBps: 12_500 },
  { id: 3, label: '180 days', lockDays: 180, multiplierBps: 15_000 },
  { id: 4, label: '365 days', lockDays: 365, multiplierBps: 20_000 },
];
