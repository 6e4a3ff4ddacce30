'use client';

import type { Hex } from 'viem';
import type { ActionOutcome } from '@/hooks/useTrackedAction';
import type { MyBonds } from '@/lib/api/endpoints';
import { describeSlash } from '@/lib/bonds/describeNodeBond';
import { formatFar } from '@/lib/format/formatFar';
import { Button } from '../ui/Button';

type Slash = MyBonds['slashes'][number];

/**
 * The slashes the coordinator proposed against the wallet's bonds, each with its evidence hash and
 * its status on NodeBond: appeal while the window is open (an operator then decides), or execute
 * once it has passed.
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
  onAppeal: (evidenceHash: Hex) => Promise<ActionOutcome>;
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
              <div className="flex flex-wrap items-center gap-3">
                <Button
                  variant="danger"
                  disabled={disabled || busy !== null}
                  onClick={() => onAppeal(slash.evidenceHash)}
                >
                  {busy === 'Appeal' ? 'Confirm in wallet…' : 'Appeal'}
                </Button>
                <span className="text-muted">
                  Appeal window open until {view.appealEndsAt.toLocaleString()}
                </span>
              </div>
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
