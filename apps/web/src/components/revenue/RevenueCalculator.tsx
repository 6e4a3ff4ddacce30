'use client';

import { useId, useState } from 'react';
import { useNetworkRevenue } from '@/hooks/useNetworkRevenue';
import { parseFarInput } from '@/lib/format/parseFarInput';
import { assumptionsFromNetwork } from '@/lib/revenue/assumptionsFromNetwork';
import { forecastAssumptionInputs, parseForecastAssumptions } from '@/lib/revenue/parseForecastAssumptions';
import type { RevenueForecastAssumptions } from '@/lib/revenue/projectRevenue';
import { lockTiers } from '@/lib/staking/lockTiers';
import { LockTierField } from '../staking/LockTierField';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { fieldClass } from '../ui/fieldClass';
import { ForecastAssumptionFields } from './ForecastAssumptionFields';
import { ForecastResults } from './ForecastResults';

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
            network={assumptionsFromNetwork({
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

/** The stake, tier and period, the assumptions (starting from `network`) and the results. */
function ForecastForm({ network }: { network: RevenueForecastAssumptions }) {
  const ids = { amount: useId(), tier: useId(), months: useId() };
  const [amount, setAmount] = useState('10000');
  const [tierId, setTierId] = useState(2);
  const [months, setMonths] = useState(12);
  // Initialised once: the minute's refresh of the network figures never overwrites an edit.
  const [inputs, setInputs] = useState(() => forecastAssumptionInputs(network));
  const tier = lockTiers.find((candidate) => candidate.id === tierId) ?? lockTiers[0];
  const stake = parseFarInput(amount);
  const assumptions = parseForecastAssumptions(inputs);
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
        <LockTierField id={ids.tier} tierId={tierId} onChange={setTierId} />
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
      <ForecastAssumptionFields
        network={network}
        inputs={inputs}
        onChange={(key, value) => setInputs((previous) => ({ ...previous, [key]: value }))}
      />
      {stake.ok && tier && assumptions ? (
        <ForecastResults
          stakeWei={stake.wei}
          multiplierBps={tier.multiplierBps}
          assumptions={assumptions}
          months={months}
        />
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
