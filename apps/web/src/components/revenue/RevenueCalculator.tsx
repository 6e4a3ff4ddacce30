'use client';

import dynamic from 'next/dynamic';
import { useId, useMemo, useState } from 'react';
import { projectRevenue } from '@/lib/revenue/projectRevenue';
import { defaultRevenueStreams, type RevenueStreamAssumption } from '@/lib/revenue/revenueStreams';
import { Card } from '../ui/Card';

// recharts is the heaviest dependency; it loads only here, after the page is interactive.
const RevenueChart = dynamic(() => import('../charts/RevenueChart').then((mod) => mod.RevenueChart), {
  ssr: false,
  loading: () => <p className="text-sm text-[#A3A3A3]">Loading chart…</p>,
});

/** The seed's revenue forecast (§4.4): six streams, growth per stream, projected return and ROI. */
export function RevenueCalculator() {
  const ids = { amount: useId(), period: useId() };
  const [stakingAmount, setStakingAmount] = useState(10_000);
  const [stakingPeriod, setStakingPeriod] = useState(12);
  const [streams, setStreams] = useState<RevenueStreamAssumption[]>(() =>
    defaultRevenueStreams.map((s) => ({ ...s })),
  );
  const projection = useMemo(() => projectRevenue(stakingAmount, streams, 36), [stakingAmount, streams]);
  const atPeriod = projection[stakingPeriod];
  return (
    <Card aria-labelledby="revenue-calculator">
      <h2
        id="revenue-calculator"
        className="mb-6 bg-gradient-to-r from-[#A78BFA] to-[#C4B5FD] bg-clip-text text-2xl font-bold text-transparent md:text-3xl"
      >
        Revenue Forecast Calculator
      </h2>
      <fieldset className="mb-6">
        <legend className="mb-3 text-lg text-white">Revenue streams</legend>
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 md:grid-cols-3">
          {streams.map((stream) => (
            <label key={stream.id} className="flex cursor-pointer items-center gap-3">
              <input
                type="checkbox"
                checked={stream.enabled}
                onChange={() =>
                  setStreams((previous) =>
                    previous.map((s) => (s.id === stream.id ? { ...s, enabled: !s.enabled } : s)),
                  )
                }
                className="h-5 w-5 accent-[#7C3AED]"
              />
              <span className={stream.enabled ? 'text-white' : 'text-[#A3A3A3]'}>
                {stream.name}{' '}
                <span className="text-xs text-[#A3A3A3]">
                  {(stream.monthlyBase * 100).toFixed(0)}%/mo, +{((stream.growthRate - 1) * 100).toFixed(0)}%
                </span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="mb-6 grid gap-6 md:grid-cols-2">
        <div>
          <label htmlFor={ids.amount} className="mb-2 block text-[#A3A3A3]">
            Staking amount ($FAR)
          </label>
          <input
            id={ids.amount}
            type="number"
            min={0}
            value={stakingAmount}
            onChange={(event) => setStakingAmount(Math.max(0, Number(event.target.value) || 0))}
            className="w-full rounded-lg border border-[#2D2D2D] bg-[#262626] px-4 py-3 text-white focus:border-[#7C3AED] focus:outline-none"
          />
        </div>
        <div>
          <label htmlFor={ids.period} className="mb-2 block text-[#A3A3A3]">
            Staking period: {stakingPeriod} months
          </label>
          <input
            id={ids.period}
            type="range"
            min={1}
            max={36}
            value={stakingPeriod}
            onChange={(event) => setStakingPeriod(Number(event.target.value))}
            className="w-full accent-[#7C3AED]"
          />
        </div>
      </div>
      <div className="mb-6 grid gap-4 md:grid-cols-3">
        <div className="rounded-xl bg-[#262626] p-5">
          <p className="mb-1 text-[#A3A3A3]">Total stake</p>
          <p className="text-2xl font-bold">{stakingAmount.toLocaleString('en-US')} FAR</p>
        </div>
        <div className="rounded-xl bg-[#262626] p-5">
          <p className="mb-1 text-[#A3A3A3]">Projected return ({stakingPeriod} mo)</p>
          <p className="text-2xl font-bold text-[#C4B5FD]" data-testid="projected-return">
            {(atPeriod?.cumulative ?? 0).toLocaleString('en-US', { maximumFractionDigits: 0 })} FAR
          </p>
        </div>
        <div className="rounded-xl bg-[#262626] p-5">
          <p className="mb-1 text-[#A3A3A3]">ROI</p>
          <p className="text-2xl font-bold text-[#10B981]">{(atPeriod?.roi ?? 0).toFixed(1)}%</p>
        </div>
      </div>
      <div className="rounded-xl bg-[#262626] p-4">
        <h3 className="mb-3 text-lg">Revenue projection (36 months)</h3>
        <div className="h-80" data-testid="revenue-chart">
          <RevenueChart data={projection} />
        </div>
      </div>
      <p className="mt-4 text-xs text-[#A3A3A3]">
        A forecast from the assumptions above, not a promise: actual rewards depend on network usage.
      </p>
    </Card>
  );
}
