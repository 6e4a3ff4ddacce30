import type { RevenueStreamAssumption } from './revenueStreams';

export type RevenueProjectionPoint = { month: number; monthly: number; cumulative: number; roi: number };

/**
 * The seed's revenue forecast: each enabled stream pays `amount × monthlyBase × growthRate^month`
 * every month; cumulative return and ROI (% of the amount) month by month. A what-if tool, so plain
 * numbers (not wei) are fine here.
 * @param amount - staked amount in FAR (or dollars; the model is unit-free)
 * @param streams - the stream assumptions
 * @param months - last month to project (inclusive)
 * @returns one point per month from 0 to `months`
 * @example projectRevenue(10_000, defaultRevenueStreams, 36)[12].roi
 */
export function projectRevenue(
  amount: number,
  streams: readonly RevenueStreamAssumption[],
  months = 36,
): RevenueProjectionPoint[] {
  const points: RevenueProjectionPoint[] = [];
  let cumulative = 0;
  for (let month = 0; month <= months; month++) {
    let monthly = 0;
    for (const stream of streams) {
      if (stream.enabled) monthly += amount * stream.monthlyBase * stream.growthRate ** month;
    }
    cumulative += monthly;
    points.push({ month, monthly, cumulative, roi: amount > 0 ? (cumulative / amount) * 100 : 0 });
  }
  return points;
}
