/** The lock tiers FARStaking accepts: index = `lockTier`. */
export const lockTiers = [
  { lockTier: 0, days: 0, multiplierBps: 10_000 },
  { lockTier: 1, days: 30, multiplierBps: 11_000 },
  { lockTier: 2, days: 90, multiplierBps: 12_500 },
  { lockTier: 3, days: 180, multiplierBps: 15_000 },
  { lockTier: 4, days: 365, multiplierBps: 20_000 },
] as const;
