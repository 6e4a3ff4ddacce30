'use client';

import dynamic from 'next/dynamic';
import { formatUnits } from 'viem';
import { formatFar } from '@/lib/format/formatFar';
import { projectRevenue, type RevenueForecastAssumptions, revenueAprBps } from '@/lib/revenue/projectRevenue';
import { Stat } from '../ui/Stat';

// recharts is the heaviest dependency; it loads only here, after the page is interactive.
const RevenueChart = dynamic(() => import('../charts/RevenueChart').then((mod) => mod.RevenueChart), {
  ssr: false,
  loading: () => <p className="text-sm text-muted">Loading chart…</p>,
});

const percent = (bps: bigint) => `${(Number(bps) / 100).toFixed(2)}%`;

/** The forecast for one stake: rates now, rewards over the period, and the month-by-month chart. */
export function ForecastResults({
  stakeWei,
  multiplierBps,
  assumptions,
  months,
}: {
  stakeWei: bigint;
  multiplierBps: number;
  assumptions: RevenueForecastAssumptions;
  months: number;
}) {
  const projection = projectRevenue(stakeWei, multiplierBps, assumptions, months);
  const atEnd = projection.at(-1);
  return (
    <>
      <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat
          label="Revenue APR now"
          value={percent(revenueAprBps(stakeWei, multiplierBps, assumptions))}
          hint="A year of the stakers' revenue at the assumed level, your share of it."
        />
        <Stat
          label="Base APY for this tier"
          value={percent((assumptions.baseApyBps * BigInt(multiplierBps)) / 10_000n)}
          hint="While the reserve lasts."
        />
        <Stat
          label={`Rewards over ${months} months`}
          value={`${formatFar(atEnd?.cumulativeWei ?? 0n, 2)} FAR`}
          testId="projected-return"
        />
        <Stat label="Return on the stake" value={percent(atEnd?.roiBps ?? 0n)} />
      </div>
      <div className="rounded-xl bg-surface-raised p-4">
        <h3 className="mb-3 text-lg">Projected rewards by month ($FAR)</h3>
        <div className="h-80" data-testid="revenue-chart">
          <RevenueChart
            data={projection.map((point) => ({
              month: point.month,
              // recharts plots numbers; the exact wei figures are the ones above.
              monthly: Number(formatUnits(point.revenueWei + point.baseWei, 18)),
              cumulative: Number(formatUnits(point.cumulativeWei, 18)),
            }))}
          />
        </div>
      </div>
    </>
  );
}
