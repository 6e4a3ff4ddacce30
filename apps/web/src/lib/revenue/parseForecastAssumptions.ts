import { formatFar } from '../format/formatFar';
import { parseFarInput } from '../format/parseFarInput';
import { parsePercentBps } from './parsePercentBps';
import type { RevenueForecastAssumptions } from './projectRevenue';

/** The forecast's assumptions as the person types them: FAR amounts and percentages. */
export type ForecastAssumptionInputs = {
  revenue: string;
  stake: string;
  apy: string;
  reserve: string;
  growth: string;
};

/** A FAR amount that may be zero (an assumption), unlike a stake. */
const farOrZero = (input: string): bigint | undefined => {
  const parsed = parseFarInput(input);
  if (parsed.ok) return parsed.wei;
  return parsed.problem === 'not_positive' ? 0n : undefined;
};

/**
 * The text fields for a set of assumptions: exact FAR (all 18 decimals kept) and percentages.
 * @param assumptions - e.g. the ones derived from the network
 * @returns the fields' initial text
 * @example forecastAssumptionInputs(assumptionsFromNetwork(report)).apy // '1'
 */
export function forecastAssumptionInputs(assumptions: RevenueForecastAssumptions): ForecastAssumptionInputs {
  return {
    revenue: formatFar(assumptions.stakersRevenuePer30DaysWei, 18),
    stake: formatFar(assumptions.otherEffectiveStakeWei, 18),
    apy: (Number(assumptions.baseApyBps) / 100).toString(),
    reserve: formatFar(assumptions.rewardReserveWei, 18),
    growth: (Number(assumptions.monthlyGrowthBps) / 100).toString(),
  };
}

/**
 * Reads what the person typed back into assumptions: FAR amounts of zero or more, a base APY of
 * 0–100 % and a monthly growth of −100–100 %, each with at most two decimals.
 * @param inputs - the fields' text
 * @returns the assumptions, or undefined while any field is not such a number
 * @example parseForecastAssumptions({ revenue: '100', stake: '0', apy: '1', reserve: '0', growth: '0' })
 */
export function parseForecastAssumptions(
  inputs: ForecastAssumptionInputs,
): RevenueForecastAssumptions | undefined {
  const stakersRevenuePer30DaysWei = farOrZero(inputs.revenue);
  const otherEffectiveStakeWei = farOrZero(inputs.stake);
  const baseApyBps = parsePercentBps(inputs.apy, { min: 0, max: 100 });
  const rewardReserveWei = farOrZero(inputs.reserve);
  const monthlyGrowthBps = parsePercentBps(inputs.growth, { min: -100, max: 100 });
  if (
    stakersRevenuePer30DaysWei === undefined ||
    otherEffectiveStakeWei === undefined ||
    baseApyBps === undefined ||
    rewardReserveWei === undefined ||
    monthlyGrowthBps === undefined
  ) {
    return undefined;
  }
  return {
    stakersRevenuePer30DaysWei,
    otherEffectiveStakeWei,
    baseApyBps,
    rewardReserveWei,
    monthlyGrowthBps,
  };
}
