'use client';

import dynamic from 'next/dynamic';
import { useId, useMemo, useState } from 'react';
import { formatUnits } from 'viem';
import { useNetworkRevenue } from '@/hooks/useNetworkRevenue';
import { formatFar } from '@/lib/format/formatFar';
import { parseFarInput } from '@/lib/format/parseFarInput';
import { assumptionsFromNetwork } from '@/lib/revenue/assumptionsFromNetwork';
import { parsePercentBps } from '@/lib/revenue/parsePercentBps';
import { projectRevenue, type RevenueForecastAssumptions, revenueAprBps } from '@/lib/revenue/projectRevenue';
import { lockTiers } from '@/lib/staking/lockTiers';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { Stat } from '../ui/Stat';

// recharts is the heaviest dependency; it loads only here, after the page is interactive.
const RevenueChart = dynamic(() => import('../charts/RevenueChart').then((mod) => mod.RevenueChart), {
  ssr: false,
  loading: () => <p className="text-sm text-muted">Loading chart…</p>,
});

const fieldClass =
  'w-full rounded-lg border border-line bg-surface-raised px-3 py-2 text-white focus:border-brand focus:outline-none';
const percent = (bps: bigint) => `${(Number(bps) / 100).toFixed(2)}%`;
/** A FAR field that may be zero (an assumption), unlike a stake. */
const farOrZero = (input: string): bigint | undefined => {
  const parsed = parseFarInput(input);
  if (parsed.ok) return parsed.wei;
  return parsed.problem === 'not_positive' ? 0n : undefined;
};

/**
 * The revenue forecast: what a stake would earn from the stakers' share of every service's revenue
 * and the base APY, starting from the network's actual figures (API and FARStaking), each one
 * visible and editable.
 */
export function RevenueCalculator() {
  const network = useNetworkRevenue(30);
  return (
    <Card aria-labelledby="revenue-calculator">
      <h2
        id="revenue-calculator"
        className="mb-2 bg-gradient-to-r from-brand-soft to-brand-pale bg-clip-text text-2xl font-bold text-transparent md:text-3xl"
      >
        Revenue forecast
      </h2>
      <p className="mb-6 text-sm text-muted">
        Starts from what the network earned in the last 30 days and what is staked now. Change any assumption
        to explore; nothing here is a promise.
      </p>
      <DataState query={network} empty={null} loadingLabel="Loading the network's figures…">
        {(report) => (
          <ForecastForm
            initial={assumptionsFromNetwork({
              windowDays: report.windowDays,
              stakersRevenueInWindowWei: report.total.window.stakersFarWei,
              staking: report.staking,
            })}
          />
        )}
      </DataState>
    </Card>
  );
}

/** The inputs and results; the assumptions start from `initial` and are the person's to edit. */
function ForecastForm({ initial }: { initial: RevenueForecastAssumptions }) {
  const ids = {
    amount: useId(),
    tier: useId(),
    months: useId(),
    revenue: useId(),
    stake: useId(),
    apy: useId(),
    reserve: useId(),
    growth: useId(),
  };
  const [amount, setAmount] = useState('10000');
  const [tierId, setTierId] = useState(2);
  const [months, setMonths] = useState(12);
  const [fields, setFields] = useState({
    revenue: formatFar(initial.stakersRevenuePer30DaysWei, 18),
    stake: formatFar(initial.otherEffectiveStakeWei, 18),
    apy: (Number(initial.baseApyBps) / 100).toString(),
    reserve: formatFar(initial.rewardReserveWei, 18),
    growth: '0',
  });
  const tier = lockTiers.find((candidate) => candidate.id === tierId) ?? lockTiers[0];
  const stake = parseFarInput(amount);
  const assumptions = useMemo(() => {
    const parsed = {
      stakersRevenuePer30DaysWei: farOrZero(fields.revenue),
      otherEffectiveStakeWei: farOrZero(fields.stake),
      baseApyBps: parsePercentBps(fields.apy, { min: 0, max: 100 }),
      rewardReserveWei: farOrZero(fields.reserve),
      monthlyGrowthBps: parsePercentBps(fields.growth, { min: -100, max: 100 }),
    };
    return Object.values(parsed).every((value) => value !== undefined)
      ? (parsed as RevenueForecastAssumptions)
      : undefined;
  }, [fields]);
  const projection =
    stake.ok && tier && assumptions
      ? projectRevenue(stake.wei, tier.multiplierBps, assumptions, months)
      : null;
  const atEnd = projection?.at(-1);
  const field = (key: keyof typeof fields, label: string, hint: string) => (
    <div>
      <label htmlFor={ids[key]} className="mb-1 block text-sm text-muted">
        {label}
      </label>
      <input
        id={ids[key]}
        inputMode="decimal"
        value={fields[key]}
        onChange={(event) => setFields((previous) => ({ ...previous, [key]: event.target.value }))}
        aria-describedby={`${ids[key]}-hint`}
        className={fieldClass}
      />
      <p id={`${ids[key]}-hint`} className="mt-1 text-xs text-muted">
        {hint}
      </p>
    </div>
  );
  return (
    <>
      <div className="mb-6 grid gap-4 md:grid-cols-3">
        <div>
          <label htmlFor={ids.amount} className="mb-1 block text-sm text-muted">
            Stake ($FAR)
          </label>
          <input
            id={ids.amount}
            inputMode="decimal"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            className={fieldClass}
          />
        </div>
        <div>
          <label htmlFor={ids.tier} className="mb-1 block text-sm text-muted">
            Lock tier
          </label>
          <select
            id={ids.tier}
            value={tierId}
            onChange={(event) => setTierId(Number(event.target.value))}
            className={fieldClass}
          >
            {lockTiers.map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.label} — {(candidate.multiplierBps / 10_000).toFixed(2)}×
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.months} className="mb-1 block text-sm text-muted">
            Period: {months} months
          </label>
          <input
            id={ids.months}
            type="range"
            min={1}
            max={36}
            value={months}
            onChange={(event) => setMonths(Number(event.target.value))}
            className="w-full accent-brand"
          />
        </div>
      </div>
      <fieldset className="mb-6 rounded-xl border border-line p-4">
        <legend className="px-2 text-sm text-white">Assumptions</legend>
        <div className="grid gap-4 md:grid-cols-3">
          {field(
            'revenue',
            "Stakers' revenue per 30 days ($FAR)",
            `The stakers' share of every service's revenue; last 30 days: ${formatFar(initial.stakersRevenuePer30DaysWei, 2)} FAR.`,
          )}
          {field(
            'stake',
            "Everyone else's weighted stake ($FAR)",
            `Staked now, weighted by lock tier: ${formatFar(initial.otherEffectiveStakeWei, 2)} FAR.`,
          )}
          {field('apy', 'Base APY (%)', `FARStaking's base rate now: ${percent(initial.baseApyBps)}.`)}
          {field(
            'reserve',
            'Reserve for the base APY ($FAR)',
            `Left in FARStaking now: ${formatFar(initial.rewardReserveWei, 2)} FAR; the base APY stops when it runs out.`,
          )}
          {field('growth', 'Revenue growth per month (%)', '0 keeps revenue at the last 30 days’ level.')}
        </div>
      </fieldset>
      {projection && stake.ok && tier && assumptions && atEnd ? (
        <>
          <div className="mb-6 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Stat
              label="Revenue APR now"
              value={percent(revenueAprBps(stake.wei, tier.multiplierBps, assumptions))}
              hint="A year of the stakers' revenue at the assumed level, your share of it."
            />
            <Stat
              label="Base APY for this tier"
              value={percent((assumptions.baseApyBps * BigInt(tier.multiplierBps)) / 10_000n)}
              hint="While the reserve lasts."
            />
            <Stat
              label={`Rewards over ${months} months`}
              value={`${formatFar(atEnd.cumulativeWei, 2)} FAR`}
              testId="projected-return"
            />
            <Stat label="Return on the stake" value={percent(atEnd.roiBps)} />
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
      ) : (
        <p role="alert" className="text-sm text-red-300">
          {stake.ok
            ? 'Check the assumptions: amounts in FAR, percentages with at most two decimals (base APY 0–100, growth −100–100).'
            : 'Enter a stake greater than zero.'}
        </p>
      )}
    </>
  );
}
