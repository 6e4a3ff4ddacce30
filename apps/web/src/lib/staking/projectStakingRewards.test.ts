import { describe, expect, it } from 'vitest';
import { lockTiers } from './lockTiers';
import { projectStakingRewards } from './projectStakingRewards';

const FAR = 10n ** 18n;
const tier = (id: number) => {
  const found = lockTiers.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no tier ${id}`);
  return found;
};

describe('projectStakingRewards', () => {
  it('pays the base APY over a year on the flexible tier', () => {
    const projection = projectStakingRewards(1_000n * FAR, tier(0), 1_200n, 365, 0n);
    expect(projection.effectiveApyBps).toBe(1_200n);
    expect(projection.rewardsWei).toBe(120n * FAR);
  });

  it('scales the APY by the lock multiplier', () => {
    expect(projectStakingRewards(1_000n * FAR, tier(4), 1_000n, 365, 0n).effectiveApyBps).toBe(2_000n);
  });

  it('computes the pool share including the new stake', () => {
    expect(projectStakingRewards(100n * FAR, tier(0), 100n, 30, 300n * FAR).poolShareBps).toBe(2_500n);
  });

  it('earns nothing for zero days', () => {
    expect(projectStakingRewards(100n * FAR, tier(1), 100n, 0, 0n).rewardsWei).toBe(0n);
  });
});
