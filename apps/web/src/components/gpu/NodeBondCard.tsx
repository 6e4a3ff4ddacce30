'use client';

import { useState } from 'react';
import { useBondActions } from '@/hooks/useBondActions';
import { useNodeBonds } from '@/hooks/useNodeBonds';
import type { ActionOutcome } from '@/hooks/useTrackedAction';
import { useWeb3 } from '@/hooks/useWeb3';
import { formatFar } from '@/lib/format/formatFar';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';
import { AmountForm } from '../web3/AmountForm';
import { NodeBondRow } from './NodeBondRow';
import { SlashList } from './SlashList';

const days = (seconds: number) => `${Math.round((seconds / 86_400) * 10) / 10} days`;
const noted = (outcome: ActionOutcome) =>
  outcome.kind === 'sent'
    ? 'Sent.'
    : outcome.kind === 'cancelled'
      ? 'Cancelled in the wallet.'
      : outcome.message;

/**
 * Node bonds on the GPU page: bond FAR for a node id (a node joins only once its owner bonded the
 * minimum of its VRAM class), see each node's bonded, unbonding and at-risk FAR, unbond and
 * withdraw, appeal a proposed slash, and claim refunds from slashes of nodes that cheated you.
 */
export function NodeBondCard() {
  const { isConnected, isWrongNetwork } = useWeb3();
  const [nodeId, setNodeId] = useState('');
  const [vramClass, setVramClass] = useState(2);
  const [note, setNote] = useState<string | null>(null);
  const typed = nodeId.trim();
  const bonds = useNodeBonds(typed ? [typed] : []);
  const terms = bonds.terms.data;
  const actions = useBondActions(terms?.nodeBond ?? null);
  const disabled = !isConnected || isWrongNetwork;
  if (bonds.terms.isError) {
    return (
      <Card aria-labelledby="node-bonds">
        <h2 id="node-bonds" className="text-xl font-semibold">
          Node bonds
        </h2>
        <p className="text-sm text-muted">Node bonds are off on this network: nodes join without one.</p>
      </Card>
    );
  }
  const classes = terms?.vramClasses ?? [];
  const knownNodes = bonds.mine.data?.nodes ?? [];
  const classOf = (id: string) => knownNodes.find((node) => node.nodeId === id)?.vramClass ?? vramClass;
  const run = async (action: Promise<ActionOutcome>) => {
    const outcome = await action;
    setNote(noted(outcome));
    return outcome;
  };
  return (
    <Card aria-labelledby="node-bonds" className="flex flex-col gap-4">
      <h2 id="node-bonds" className="text-xl font-semibold">
        Node bonds
      </h2>
      <p className="text-sm text-muted">
        A node serves only while its owner has bonded the minimum for its VRAM class. Unbonding takes{' '}
        {terms ? days(terms.unbondingPeriodSeconds) : '…'}; a node caught cheating by an audit loses part of
        its bond to the treasury and the users it harmed, after a{' '}
        {terms ? days(terms.appealWindowSeconds) : '…'} appeal window.
      </p>
      <form className="grid gap-3 sm:grid-cols-3" onSubmit={(event) => event.preventDefault()}>
        <label className="flex flex-col gap-1 text-sm text-muted">
          Node id (far-node's --node-id)
          <input
            className={fieldClass}
            value={nodeId}
            placeholder={knownNodes[0]?.nodeId ?? 'my-node'}
            onChange={(event) => setNodeId(event.target.value)}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm text-muted">
          VRAM class it claims
          <select
            className={fieldClass}
            value={vramClass}
            onChange={(e) => setVramClass(Number(e.target.value))}
          >
            {classes.map((entry) => (
              <option key={entry.vramClass} value={entry.vramClass}>
                {entry.label}: at least {formatFar(entry.minimumWei)} FAR
              </option>
            ))}
          </select>
        </label>
      </form>
      <AmountForm
        label={`Bond FAR for ${typed || knownNodes[0]?.nodeId || 'the node id above'}`}
        submitLabel="Bond"
        testId="bond-form"
        busy={actions.busy === 'Bond'}
        disabled={disabled || !terms || !(typed || knownNodes[0])}
        onSubmit={(amount) => run(actions.bond(typed || knownNodes[0]?.nodeId || '', vramClass, amount))}
      />
      {note ? (
        <p role="status" className="text-sm text-muted">
          {note}
        </p>
      ) : null}
      <ul className="flex flex-col gap-3" aria-label="Your bonds">
        {bonds.nodeIds.map((id) => {
          const bond = bonds.bonds.get(id);
          const needs = classOf(id);
          if (!bond || (bond.amount === 0n && id === typed && !knownNodes.some((n) => n.nodeId === id)))
            return null;
          return (
            <NodeBondRow
              key={id}
              nodeId={id}
              bond={bond}
              requiredWei={classes[needs]?.minimumWei ?? 0n}
              needsClass={needs}
              classLabel={classes[needs]?.label ?? ''}
              busy={actions.busy}
              disabled={disabled}
              onUnbond={(amount) => run(actions.requestUnbond(id, amount))}
              onWithdraw={() => run(actions.withdraw(id))}
            />
          );
        })}
      </ul>
      <h3 className="font-semibold">Slashes</h3>
      <SlashList
        slashes={bonds.slashes}
        records={bonds.slashRecords}
        busy={actions.busy}
        disabled={disabled}
        onAppeal={(hash, reason) => run(actions.appeal(hash, reason))}
        onExecute={(hash) => run(actions.execute(hash))}
      />
      {bonds.refundWei ? (
        <Button
          variant="secondary"
          disabled={disabled || actions.busy !== null}
          onClick={() => run(actions.claimRefund())}
        >
          Claim {formatFar(bonds.refundWei)} FAR refunded from slashes
        </Button>
      ) : null}
    </Card>
  );
}
