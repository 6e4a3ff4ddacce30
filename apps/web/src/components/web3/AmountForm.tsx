'use client';

import { type FormEvent, useId, useState } from 'react';
import type { ActionOutcome } from '@/hooks/useTrackedAction';
import { type FarInputProblem, parseFarInput } from '@/lib/format/parseFarInput';
import { Button } from '../ui/Button';

const problems: Record<FarInputProblem, string> = {
  empty: 'Enter an amount.',
  not_a_number: 'Enter a number like 12.5.',
  too_many_decimals: 'FAR has at most 18 decimals.',
  not_positive: 'Enter more than zero.',
};

/**
 * An amount input with validation and a submit button that runs a contract action and reports its
 * outcome: sent (tracked until mined), cancelled (neutral), or failed (the reason).
 */
export function AmountForm({
  label,
  submitLabel,
  busy,
  disabled,
  onSubmit,
  testId,
  children,
}: {
  label: string;
  submitLabel: string;
  busy: boolean;
  disabled?: boolean;
  onSubmit: (amountWei: bigint) => Promise<ActionOutcome>;
  testId: string;
  children?: React.ReactNode;
}) {
  const id = useId();
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ tone: 'ok' | 'neutral' | 'error'; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseFarInput(value);
    if (!parsed.ok) {
      setMessage({ tone: 'error', text: problems[parsed.problem] });
      return;
    }
    setMessage(null);
    const outcome = await onSubmit(parsed.wei);
    if (outcome.kind === 'sent') {
      setValue('');
      setMessage({ tone: 'ok', text: 'Sent — waiting for the block.' });
    } else if (outcome.kind === 'cancelled')
      setMessage({ tone: 'neutral', text: 'Cancelled in the wallet.' });
    else setMessage({ tone: 'error', text: outcome.message });
  };

  return (
    <form onSubmit={submit} className="flex flex-col gap-2" data-testid={testId} noValidate>
      <label htmlFor={id} className="text-sm text-muted">
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          id={id}
          inputMode="decimal"
          autoComplete="off"
          placeholder="0.0"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-invalid={message?.tone === 'error'}
          className="min-w-0 flex-1 rounded-lg border border-line bg-surface-raised px-4 py-2 text-white focus:border-brand focus:outline-none"
        />
        {children}
        <Button type="submit" disabled={busy || disabled}>
          {busy ? 'Confirm in wallet…' : submitLabel}
        </Button>
      </div>
      {message ? (
        <p
          role={message.tone === 'error' ? 'alert' : 'status'}
          className={`text-sm ${message.tone === 'error' ? 'text-red-300' : message.tone === 'ok' ? 'text-emerald-300' : 'text-muted'}`}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
