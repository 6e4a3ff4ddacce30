import type { RevenueForecastAssumptions } from './projectRevenue';

/** The figures of the API's network revenue report the forecast starts from. */
export type NetworkRevenueFigures = {
  windowDays: number;
  stakersRevenueInWindowWei: bigint;
  /** FARStaking's pool; null when the API could not read the chain. */
  staking: { totalEffectiveWei: bigint; rewardRateBps: number; rewardReserveWei: bigint } | null;
};

/**
 * The forecast's default assumptions: the stakers' revenue of the trailing window scaled to 30
 * days, the pool as it is on chain, and no growth. Nothing is invented: without a chain the pool
 * figures are zero until the person enters their own.
 * @param network - the trailing window and the pool from `/api/network/revenue`
 * @returns assumptions the calculator shows and lets the person edit
 * @example assumptionsFromNetwork({ windowDays: 30, stakersRevenueInWindowWei: 10n ** 21n, staking: null })
 */
export function assumptionsFromNetwork(network: NetworkRevenueFigures): RevenueForecastAssumptions {
  const days = BigInt(Math.max(1, Math.floor(network.windowDays)));
  return {
    stakersRevenuePer30DaysWei: (network.stakersRevenueInWindowWei * 30n) / days,
    otherEffectiveStakeWei: network.staking?.totalEffectiveWei ?? 0n,
    baseApyBps: BigInt(network.staking?.rewardRateBps ?? 0),
    rewardReserveWei: network.staking?.rewardReserveWei ?? 0n,
    monthlyGrowthBps: 0n,
  };
}
