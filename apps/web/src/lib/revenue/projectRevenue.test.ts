import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { projectRevenue, type RevenueForecastAssumptions, revenueAprBps } from './projectRevenue';

const none: RevenueForecastAssumptions = {
  stakersRevenuePer30DaysWei: 0n,
  otherEffectiveStakeWei: 0n,
  baseApyBps: 0n,
  rewardReserveWei: 0n,
  monthlyGrowthBps: 0n,
};

describe('projectRevenue', () => {
  it('projects nothing when the network has no revenue and no reserve: no invented rates', () => {
    const points = projectRevenue(parseEther('10000'), 20_000, none, 36);
    expect(points).toHaveLength(37);
    expect(points.every((point) => point.cumulativeWei === 0n && point.roiBps === 0n)).toBe(true);
  });

  it("pays a lone staker the whole stakers' revenue every month", () => {
    const assumptions = { ...none, stakersRevenuePer30DaysWei: parseEther('100') };
    const points = projectRevenue(parseEther('1000'), 10_000, assumptions, 12);
    expect(points[0]).toEqual({ month: 0, revenueWei: 0n, baseWei: 0n, cumulativeWei: 0n, roiBps: 0n });
    expect(points[1]?.revenueWei).toBe(parseEther('100'));
    expect(points[12]?.cumulativeWei).toBe(parseEther('1200'));
    expect(points[12]?.roiBps).toBe(12_000n);
  });

  it('shares the revenue by tier-weighted stake, the new stake included', () => {
    // 1,000 FAR at 2x is 2,000 effective next to 3,000: 40 % of the revenue.
    const assumptions = {
      ...none,
      stakersRevenuePer30DaysWei: parseEther('100'),
      otherEffectiveStakeWei: parseEther('3000'),
    };
    expect(projectRevenue(parseEther('1000'), 20_000, assumptions, 1)[1]?.revenueWei).toBe(parseEther('40'));
    expect(projectRevenue(parseEther('1000'), 10_000, assumptions, 1)[1]?.revenueWei).toBe(parseEther('25'));
  });

  it('grows the revenue by the assumed monthly rate', () => {
    const assumptions = { ...none, stakersRevenuePer30DaysWei: parseEther('100'), monthlyGrowthBps: 1_000n };
    const points = projectRevenue(parseEther('1000'), 10_000, assumptions, 3);
    expect(points.map((point) => point.revenueWei)).toEqual([
      0n,
      parseEther('100'),
      parseEther('110'),
      parseEther('121'),
    ]);
  });

  it('pays the base APY only while the reserve lasts', () => {
    // 12 % of 1,000 FAR for 30 of 365 days: 9.86… FAR a month; a 20 FAR reserve covers two months and a bit.
    const assumptions = { ...none, baseApyBps: 1_200n, rewardReserveWei: parseEther('20') };
    const monthly = (parseEther('1000') * 1_200n * 30n) / (10_000n * 365n);
    const points = projectRevenue(parseEther('1000'), 10_000, assumptions, 4);
    expect(points.map((point) => point.baseWei)).toEqual([
      0n,
      monthly,
      monthly,
      parseEther('20') - 2n * monthly,
      0n,
    ]);
    expect(points[4]?.cumulativeWei).toBe(parseEther('20'));
  });

  it('reports 0 % for a zero stake instead of dividing by zero', () => {
    const assumptions = { ...none, stakersRevenuePer30DaysWei: parseEther('100'), baseApyBps: 100n };
    expect(projectRevenue(0n, 10_000, assumptions, 3).every((point) => point.roiBps === 0n)).toBe(true);
  });
});

describe('revenueAprBps', () => {
  it("is a year of today's stakers' revenue over the stake, by tier-weighted share", () => {
    const assumptions = { ...none, stakersRevenuePer30DaysWei: parseEther('100') };
    // Alone: 100 × 365 / 30 = 1,216.67 FAR a year on 1,000 FAR.
    expect(revenueAprBps(parseEther('1000'), 10_000, assumptions)).toBe(12_166n);
    // Next to 1,000 effective at 2x: 2/3 of the revenue on the same 1,000 FAR.
    const shared = { ...assumptions, otherEffectiveStakeWei: parseEther('1000') };
    expect(revenueAprBps(parseEther('1000'), 20_000, shared)).toBe(8_111n);
    expect(revenueAprBps(0n, 10_000, assumptions)).toBe(0n);
  });
});
