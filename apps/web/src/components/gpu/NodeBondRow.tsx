'use client';

import type { ActionOutcome } from '@/hooks/useTrackedAction';
import { describeNodeBond, type NodeBondOnChain } from '@/lib/bonds/describeNodeBond';
import { formatFar } from '@/lib/format/formatFar';
import { Button } from '../ui/Button';
import { Stat } from '../ui/Stat';
import { AmountForm } from '../web3/AmountForm';

const stateText = {
  unbonded: 'Not bonded: the coordinator refuses this node',
  short: 'Below the minimum for its VRAM class: the coordinator refuses this node',
  bonded: 'Bonded: the node may serve',
} as const;

/** One node's bond: bonded, unbonding and at-risk amounts, an unbond request and the withdrawal. */
export function NodeBondRow({
  nodeId,
  bond,
  requiredWei,
  needsClass,
  classLabel,
  busy,
  disabled,
  onUnbond,
  onWithdraw,
}: {
  nodeId: string;
  bond: NodeBondOnChain;
  requiredWei: bigint;
  needsClass: number;
  classLabel: string;
  busy: string | null;
  disabled: boolean;
  onUnbond: (amountWei: bigint) => Promise<ActionOutcome>;
  onWithdraw: () => Promise<ActionOutcome>;
}) {
  const view = describeNodeBond(bond, requiredWei, needsClass, new Date());
  return (
    <li className="flex flex-col gap-3 rounded-xl border border-line p-4" data-testid={`bond-${nodeId}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-mono font-semibold">{nodeId}</h3>
        <span
          className={`text-sm ${view.state === 'bonded' ? 'text-emerald-300' : 'text-amber-300'}`}
          role="status"
        >
          {stateText[view.state]}
        </span>
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <Stat
          label="Bonded (not unbonding)"
          value={`${formatFar(view.activeWei)} FAR`}
          hint={`Needs ${formatFar(requiredWei)} FAR for VRAM ${classLabel}`}
        />
        <Stat
          label="Unbonding"
          value={`${formatFar(view.unbondingWei)} FAR`}
          hint={view.unbondableAt ? `Withdrawable from ${view.unbondableAt.toLocaleString()}` : undefined}
        />
        <Stat
          label="Held by pending slashes"
          value={`${formatFar(view.pendingSlashWei)} FAR`}
          hint="Cannot be withdrawn until each slash is decided."
        />
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        <AmountForm
          label="Request unbond"
          submitLabel="Unbond"
          testId={`unbond-form-${nodeId}`}
          busy={busy === 'Unbond'}
          disabled={disabled || view.activeWei === 0n}
          onSubmit={onUnbond}
        />
        <div className="flex items-end">
          <Button
            variant="secondary"
            disabled={disabled || !view.canWithdraw || busy !== null}
            onClick={onWithdraw}
          >
            {busy === 'Withdraw bond' ? 'Confirm in wallet…' : `Withdraw ${formatFar(view.unbondingWei)} FAR`}
          </Button>
        </div>
      </div>
    </li>
  );
}
