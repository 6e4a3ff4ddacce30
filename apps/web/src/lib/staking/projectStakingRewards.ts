import type { LockTier } from './lockTiers';

export type StakingProjection = {
  /** Effective APY in basis points after the tier multiplier. */
  effectiveApyBps: bigint;
  /** Rewards over the period in wei. */
  rewardsWei: bigint;
  /** Share of the pool in basis points once this stake is added. */
  poolShareBps: bigint;
};

const BPS = 10_000n;
const SECONDS_PER_YEAR = 365n * 24n * 3600n;

/**
 * Projects staking rewards for an amount, lock tier and period in integer wei, as the contract
 * would accrue them at a constant base APY (simple interest, no compounding).
 * @param amountWei - amount to stake
 * @param tier - the lock tier (its multiplier scales the APY)
 * @param baseApyBps - the contract's base APY in basis points (e.g. 100 = 1%)
 * @param days - how long the stake stays
 * @param totalStakedWei - what is already staked by everyone
 * @returns effective APY, rewards and pool share
 * @example projectStakingRewards(10n ** 21n, lockTiers[2], 1200n, 365, 0n).rewardsWei
 */
export function projectStakingRewards(
  amountWei: bigint,
  tier: LockTier,
  baseApyBps: bigint,
  days: number,
  totalStakedWei: bigint,
): StakingProjection {
  const effectiveApyBps = (baseApyBps * BigInt(tier.multiplierBps)) / BPS;
  const seconds = BigInt(Math.max(0, Math.floor(days))) * 86_400n;
  const rewardsWei = (amountWei * effectiveApyBps * seconds) / (BPS * SECONDS_PER_YEAR);
  const pool = totalStakedWei + amountWei;
  const poolShareBps = pool > 0n ? (amountWei * BPS) / pool : 0n;
  return { effectiveApyBps, rewardsWei, poolShareBps };
}
