import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { assumptionsFromNetwork } from './assumptionsFromNetwork';

describe('assumptionsFromNetwork', () => {
  it("scales the window's stakers' revenue to 30 days and takes the pool from chain, with no growth", () => {
    expect(
      assumptionsFromNetwork({
        windowDays: 7,
        stakersRevenueInWindowWei: parseEther('70'),
        staking: {
          totalEffectiveWei: parseEther('5000'),
          rewardRateBps: 100,
          rewardReserveWei: parseEther('9'),
        },
      }),
    ).toEqual({
      stakersRevenuePer30DaysWei: parseEther('300'),
      otherEffectiveStakeWei: parseEther('5000'),
      baseApyBps: 100n,
      rewardReserveWei: parseEther('9'),
      monthlyGrowthBps: 0n,
    });
  });

  it('assumes no pool and no base APY when the chain could not be read', () => {
    expect(assumptionsFromNetwork({ windowDays: 30, stakersRevenueInWindowWei: 5n, staking: null })).toEqual({
      stakersRevenuePer30DaysWei: 5n,
      otherEffectiveStakeWei: 0n,
      baseApyBps: 0n,
      rewardReserveWei: 0n,
      monthlyGrowthBps: 0n,
    });
  });
});
