'use client';

import { useId } from 'react';
import { formatFar } from '@/lib/format/formatFar';
import type { ForecastAssumptionInputs } from '@/lib/revenue/parseForecastAssumptions';
import type { RevenueForecastAssumptions } from '@/lib/revenue/projectRevenue';
import { fieldClass } from '../ui/fieldClass';

const percent = (bps: bigint) => `${(Number(bps) / 100).toFixed(2)}%`;

/**
 * The forecast's assumptions as editable fields, each with the network's figure it started from.
 */
export function ForecastAssumptionFields({
  network,
  inputs,
  onChange,
}: {
  /** What the network shows now, named under each field. */
  network: RevenueForecastAssumptions;
  inputs: ForecastAssumptionInputs;
  onChange: (key: keyof ForecastAssumptionInputs, value: string) => void;
}) {
  const id = useId();
  const fields: { key: keyof ForecastAssumptionInputs; label: string; hint: string }[] = [
    {
      key: 'revenue',
      label: "Stakers' revenue per 30 days ($FAR)",
      hint: `The stakers' share of every service's revenue; last 30 days: ${formatFar(network.stakersRevenuePer30DaysWei, 2)} FAR.`,
    },
    {
      key: 'stake',
      label: "Everyone else's weighted stake ($FAR)",
      hint: `Staked now, weighted by lock tier: ${formatFar(network.otherEffectiveStakeWei, 2)} FAR.`,
    },
    {
      key: 'apy',
      label: 'Base APY (%)',
      hint: `FARStaking's base rate now: ${percent(network.baseApyBps)}.`,
    },
    {
      key: 'reserve',
      label: 'Reserve for the base APY ($FAR)',
      hint: `Left in FARStaking now: ${formatFar(network.rewardReserveWei, 2)} FAR; the base APY stops when it runs out.`,
    },
    {
      key: 'growth',
      label: 'Revenue growth per month (%)',
      hint: '0 keeps revenue at the last 30 days’ level.',
    },
  ];
  return (
    <fieldset className="mb-6 rounded-xl border border-line p-4">
      <legend className="px-2 text-sm text-white">Assumptions</legend>
      <div className="grid gap-4 md:grid-cols-3">
        {fields.map((field) => (
          <div key={field.key}>
            <label htmlFor={`${id}-${field.key}`} className="mb-1 block text-sm text-muted">
              {field.label}
            </label>
            <input
              id={`${id}-${field.key}`}
              inputMode="decimal"
              value={inputs[field.key]}
              onChange={(event) => onChange(field.key, event.target.value)}
              aria-describedby={`${id}-${field.key}-hint`}
              className={fieldClass}
            />
            <p id={`${id}-${field.key}-hint`} className="mt-1 text-xs text-muted">
              {field.hint}
            </p>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
