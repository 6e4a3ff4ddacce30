'use client';

import { useId, useState } from 'react';
import { useProposalExitActions } from '@/hooks/useProposalExitActions';
import type { ActionOutcome } from '@/hooks/useTrackedAction';
import { useWeb3 } from '@/hooks/useWeb3';
import type { Proposal } from '@/lib/desci/desciEndpoints';
import { type ExitAction, proposalExits } from '@/lib/desci/proposalExits';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';

function describe(outcome: ActionOutcome, sent: string) {
  return outcome.kind === 'sent'
    ? sent
    : outcome.kind === 'cancelled'
      ? 'Cancelled in the wallet.'
      : outcome.message;
}

/** A button the escrow may refuse for now: disabled with the reason beside it. */
function ExitButton(props: {
  label: string;
  action: ExitAction;
  blocked: string | null;
  busy: boolean;
  onClick: () => void;
  testId: string;
}) {
  const reasonId = useId();
  const reason = props.blocked ?? (props.action.allowed ? null : props.action.reason);
  return (
    <div className="flex flex-col gap-1" data-testid={props.testId}>
      <Button
        variant="danger"
        className="self-start"
        disabled={reason !== null || props.busy}
        aria-describedby={reason ? reasonId : undefined}
        onClick={props.onClick}
      >
        {props.label}
      </Button>
      {reason ? (
        <p id={reasonId} className="text-xs text-muted">
          {reason}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Ending a proposal early, where ResearchEscrow allows it: the researcher cancels a proposal still
 * funding (after a second, confirming click; backers then withdraw in full), and anyone fails a funded
 * proposal whose current milestone is unreleased past its due date plus the grace period (backers then
 * withdraw the unreleased remainder pro rata). Each button stays visible but disabled, with the reason,
 * until the escrow would accept it. Nothing renders when neither applies to this wallet.
 *
 * @param framed - in a card of its own with a heading and the rules (the proposal page), rather than
 *   inline (a dashboard card).
 */
export function ProposalExitActions({ proposal, framed = false }: { proposal: Proposal; framed?: boolean }) {
  const { address, isConnected, isWrongNetwork } = useWeb3();
  const actions = useProposalExitActions();
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const exits = proposalExits(proposal, address, new Date());
  const showFail = proposal.status === 'funded';
  if (!exits.cancel && !showFail) return null;
  const blocked = !isConnected
    ? 'Connect your wallet first.'
    : isWrongNetwork
      ? 'Switch to the Far Labs network first.'
      : null;
  const busy = actions.busy !== null;
  const current = proposal.milestones[proposal.currentMilestone];
  const buttons = (
    <div className="flex flex-col gap-3" data-testid="proposal-exits">
      {exits.cancel ? (
        confirming ? (
          <div className="flex flex-col gap-2">
            <p className="text-sm text-soft">
              Cancel this proposal for good? Backers then take back everything they gave.
            </p>
            <div className="flex flex-wrap gap-2">
              <Button
                variant="danger"
                disabled={busy}
                onClick={async () => {
                  setConfirming(false);
                  setNote(describe(await actions.cancelProposal(proposal.proposalId), 'Cancellation sent.'));
                }}
              >
                Yes, cancel the proposal
              </Button>
              <Button variant="secondary" onClick={() => setConfirming(false)}>
                Keep it open
              </Button>
            </div>
          </div>
        ) : (
          <ExitButton
            label="Cancel proposal"
            action={exits.cancel}
            blocked={blocked}
            busy={busy}
            testId="cancel-proposal"
            onClick={() => setConfirming(true)}
          />
        )
      ) : null}
      {showFail && current ? (
        <ExitButton
          label={`Fail milestone ${current.index + 1} as overdue`}
          action={exits.failOverdue}
          blocked={blocked}
          busy={busy}
          testId="fail-overdue"
          onClick={async () =>
            setNote(
              describe(
                await actions.failOverdueMilestone(proposal.proposalId),
                'Sent: once mined, backers can withdraw their share of the remainder.',
              ),
            )
          }
        />
      ) : null}
      {note ? (
        <p role="status" className="text-sm text-muted">
          {note}
        </p>
      ) : null}
    </div>
  );
  if (!framed) return buttons;
  return (
    <Card className="flex flex-col gap-3">
      <h2 className="text-lg font-semibold">Ending early</h2>
      <p className="text-sm text-muted">
        The researcher may cancel before the goal is met; backers then withdraw in full. Once funded, anyone
        may fail a milestone still unreleased after its due date and grace period; backers then share the
        unreleased remainder pro rata.
      </p>
      {buttons}
    </Card>
  );
}
