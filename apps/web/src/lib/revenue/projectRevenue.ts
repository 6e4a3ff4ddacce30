/**
 * What the revenue forecast assumes. Every figure defaults to what the network shows today (see
 * `assumptionsFromNetwork`) and the calculator lets a person change each one.
 */
export type RevenueForecastAssumptions = {
  /** Stakers' share of all services' revenue over 30 days, in wei. */
  stakersRevenuePer30DaysWei: bigint;
  /** Everyone else's tier-weighted stake (FARStaking `totalEffective`), in wei. */
  otherEffectiveStakeWei: bigint;
  /** FARStaking's base APY in basis points, paid from the reserve while it lasts. */
  baseApyBps: bigint;
  /** What is left in FARStaking's reserve for the base APY, in wei. */
  rewardReserveWei: bigint;
  /** Month-over-month change of the stakers' revenue in basis points (0 = stays as it is). */
  monthlyGrowthBps: bigint;
};

export type RevenueProjectionPoint = {
  month: number;
  /** Your share of the stakers' revenue in this month, in wei. */
  revenueWei: bigint;
  /** Your base APY reward in this month (zero once the reserve is spent), in wei. */
  baseWei: bigint;
  /** Everything up to and including this month, in wei. */
  cumulativeWei: bigint;
  /** `cumulativeWei` as basis points of the stake. */
  roiBps: bigint;
};

const BPS = 10_000n;
const DAYS_PER_MONTH = 30n;
const DAYS_PER_YEAR = 365n;

/**
 * Projects what a stake earns month by month from the assumptions: its pro-rata share (by
 * tier-weighted stake, its own included) of the stakers' revenue, which changes by
 * `monthlyGrowthBps` each month, plus the base APY until FARStaking's reserve runs out (everyone's
 * base rewards draw on it). A month is 30 days. Exact integer wei, no compounding, like the contract.
 * @param stakeWei - the amount to stake
 * @param multiplierBps - the lock tier's reward multiplier (10000 = 1x)
 * @param assumptions - the network figures to project from
 * @param months - last month to project (month 0 is the start, with nothing earned)
 * @returns one point per month from 0 to `months`
 * @example projectRevenue(10n ** 22n, 12_500, assumptions, 12).at(-1)?.cumulativeWei
 */
export function projectRevenue(
  stakeWei: bigint,
  multiplierBps: number,
  assumptions: RevenueForecastAssumptions,
  months: number,
): RevenueProjectionPoint[] {
  const effective = (stakeWei * BigInt(multiplierBps)) / BPS;
  const poolEffective = assumptions.otherEffectiveStakeWei + effective;
  const points: RevenueProjectionPoint[] = [
    { month: 0, revenueWei: 0n, baseWei: 0n, cumulativeWei: 0n, roiBps: 0n },
  ];
  let poolRevenue = assumptions.stakersRevenuePer30DaysWei;
  let reserve = assumptions.rewardReserveWei;
  let cumulativeWei = 0n;
  const perMonth = (amount: bigint) =>
    (amount * assumptions.baseApyBps * DAYS_PER_MONTH) / (BPS * DAYS_PER_YEAR);
  for (let month = 1; month <= months; month++) {
    const revenueWei = poolEffective > 0n ? (poolRevenue * effective) / poolEffective : 0n;
    // The reserve pays everyone's base APY; once it cannot, the base APY stops for all alike.
    const poolBase = perMonth(poolEffective);
    // biome-ignore lint/complexity/useMathMinMax: bigint operands; Math.min does not take bigints.
    const paidFromReserve = poolBase < reserve ? poolBase : reserve;
    const baseWei = poolBase > 0n ? (paidFromReserve * effective) / poolEffective : 0n;
    reserve -= paidFromReserve;
    cumulativeWei += revenueWei + baseWei;
    points.push({
      month,
      revenueWei,
      baseWei,
      cumulativeWei,
      roiBps: stakeWei > 0n ? (cumulativeWei * BPS) / stakeWei : 0n,
    });
    poolRevenue = (poolRevenue * (BPS + assumptions.monthlyGrowthBps)) / BPS;
  }
  return points;
}

/**
 * The yearly rate the stakers' revenue pays a stake today, before growth: 365/30 of a month's
 * revenue, shared by tier-weighted stake, over the amount staked.
 * @param stakeWei - the amount to stake
 * @param multiplierBps - the lock tier's reward multiplier
 * @param assumptions - the network figures
 * @returns the rate in basis points a year (0 for a zero stake)
 * @example revenueAprBps(10n ** 22n, 10_000, assumptions)
 */
export function revenueAprBps(
  stakeWei: bigint,
  multiplierBps: number,
  assumptions: RevenueForecastAssumptions,
): bigint {
  const effective = (stakeWei * BigInt(multiplierBps)) / BPS;
  const poolEffective = assumptions.otherEffectiveStakeWei + effective;
  if (stakeWei === 0n || poolEffective === 0n) return 0n;
  const yearly = (assumptions.stakersRevenuePer30DaysWei * DAYS_PER_YEAR) / DAYS_PER_MONTH;
  return (yearly * effective * BPS) / (poolEffective * stakeWei);
}
