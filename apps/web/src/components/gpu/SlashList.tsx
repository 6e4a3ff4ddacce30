'use client';

import { useState } from 'react';
import type { Hex } from 'viem';
import type { ActionOutcome } from '@/hooks/useTrackedAction';
import type { MyBonds } from '@/lib/api/endpoints';
import { describeSlash } from '@/lib/bonds/describeNodeBond';
import { MAX_APPEAL_REASON_BYTES, parseAppealReason } from '@/lib/bonds/parseAppealReason';
import { formatFar } from '@/lib/format/formatFar';
import { Button } from '../ui/Button';
import { fieldClass } from '../ui/fieldClass';

type Slash = MyBonds['slashes'][number];

/**
 * The slashes the coordinator proposed against the wallet's bonds, each with its evidence hash and
 * its status on NodeBond: appeal while the window is open, with the owner's own reason (an operator
 * reads it and decides), or execute once it has passed.
 */
export function SlashList({
  slashes,
  records,
  busy,
  disabled,
  onAppeal,
  onExecute,
}: {
  slashes: readonly Slash[];
  records: ReadonlyMap<string, { status: number; appealEndsAt: number }>;
  busy: string | null;
  disabled: boolean;
  onAppeal: (evidenceHash: Hex, reason: string) => Promise<ActionOutcome>;
  onExecute: (evidenceHash: Hex) => Promise<ActionOutcome>;
}) {
  if (slashes.length === 0)
    return <p className="text-sm text-muted">No slash has been proposed against your nodes.</p>;
  const now = new Date();
  return (
    <ul className="flex flex-col gap-2" aria-label="Proposed slashes">
      {slashes.map((slash) => {
        const record = records.get(slash.evidenceHash);
        const view = record ? describeSlash(record, now) : undefined;
        return (
          <li
            key={slash.evidenceHash}
            className="flex flex-col gap-2 rounded-xl border border-line p-3 text-sm"
          >
            <div className="flex flex-wrap justify-between gap-2">
              <span>
                <span className="font-mono">{slash.nodeId}</span>: {formatFar(slash.amountWei)} FAR
              </span>
              <span className="text-muted">{view ? view.status : 'reading…'}</span>
            </div>
            <p className="break-all font-mono text-xs text-muted" title="keccak256 of the audit's evidence">
              evidence {slash.evidenceHash}
            </p>
            {view?.canAppeal ? (
              <AppealForm
                endsAt={view.appealEndsAt}
                busy={busy}
                disabled={disabled}
                onAppeal={(reason) => onAppeal(slash.evidenceHash, reason)}
              />
            ) : null}
            {view?.canExecute ? (
              <Button
                variant="secondary"
                disabled={disabled || busy !== null}
                onClick={() => onExecute(slash.evidenceHash)}
              >
                Execute slash
              </Button>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The owner's appeal: a reason they type (sent to NodeBond's `contestSlash`, logged for the operator
 * who decides), checked as the contract would before the wallet is asked to sign.
 */
function AppealForm({
  endsAt,
  busy,
  disabled,
  onAppeal,
}: {
  endsAt: Date;
  busy: string | null;
  disabled: boolean;
  onAppeal: (reason: string) => Promise<ActionOutcome>;
}) {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const parsed = parseAppealReason(reason);
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        setTouched(true);
        if (parsed.ok) void onAppeal(parsed.reason);
      }}
    >
      <label className="flex flex-col gap-1">
        <span className="text-muted">Why the check was wrong (the operator deciding reads this)</span>
        <textarea
          className={fieldClass}
          name="reason"
          rows={2}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
          onBlur={() => setTouched(true)}
          aria-invalid={touched && !parsed.ok}
          placeholder="e.g. the canary answer matches llama.cpp's greedy output for this model"
        />
      </label>
      {touched && !parsed.ok ? (
        <p role="alert" className="text-red-300">
          {parsed.error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="danger" disabled={disabled || busy !== null}>
          {busy === 'Appeal' ? 'Confirm in wallet…' : 'Appeal'}
        </Button>
        <span className="text-muted">
          Appeal window open until {endsAt.toLocaleString()}; at most {MAX_APPEAL_REASON_BYTES} bytes
        </span>
      </div>
    </form>
  );
}
