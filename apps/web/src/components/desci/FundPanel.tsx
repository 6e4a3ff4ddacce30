'use client';

import { useId, useState } from 'react';
import { useDesciActions } from '@/hooks/useDesciActions';
import { useWeb3 } from '@/hooks/useWeb3';
import type { Proposal } from '@/lib/desci/desciEndpoints';
import { proposalExits } from '@/lib/desci/proposalExits';
import { formatFar } from '@/lib/format/formatFar';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { AmountForm } from '../web3/AmountForm';

/**
 * Back a proposal while it is funding (one transaction with a permit), or take your FAR back: all of it
 * when the goal was missed or the proposal cancelled, your share of the unreleased remainder (the exact
 * wei the escrow pays, shown first) when a milestone was rejected or overdue. A backer sees the
 * withdraw button disabled, with the reason, while the escrow would refuse it.
 */
export function FundPanel({ proposal }: { proposal: Proposal }) {
  const { address, isConnected, isWrongNetwork } = useWeb3();
  const actions = useDesciActions();
  const [note, setNote] = useState<string | null>(null);
  const reasonId = useId();
  const mine = proposal.backers.find((b) => b.backer.toLowerCase() === address?.toLowerCase());
  const offer = proposalExits(proposal, address, new Date()).withdraw;
  const disabled = !isConnected || isWrongNetwork;
  return (
    <Card aria-labelledby="fund-heading" className="flex flex-col gap-4">
      <h2 id="fund-heading" className="text-lg font-semibold">
        Back this research
      </h2>
      {mine ? (
        <p className="text-sm text-soft" data-testid="my-contribution">
          You gave {formatFar(mine.givenWei, 2)} FAR; {formatFar(mine.contributionWei, 2)} FAR is still in
          escrow for you.
        </p>
      ) : null}
      {proposal.status === 'funding' ? (
        <AmountForm
          label="Fund in FAR (never more than the goal still lacks)"
          submitLabel="Fund"
          testId="fund-form"
          busy={actions.busy === 'Fund'}
          disabled={disabled}
          onSubmit={(amountWei) => actions.fund(proposal.proposalId, amountWei)}
        />
      ) : (
        <p className="text-sm text-muted">Funding is closed ({proposal.status}).</p>
      )}
      {offer ? (
        <div className="flex flex-col gap-2" data-testid="withdraw">
          <div className="flex flex-wrap items-center gap-3">
            <Button
              variant="secondary"
              disabled={disabled || !offer.allowed || actions.busy !== null}
              aria-describedby={offer.allowed ? undefined : reasonId}
              onClick={async () => {
                const outcome = await actions.withdraw(
                  proposal.proposalId,
                  offer.call === 'withdrawUnfunded' ? 'unfunded' : 'remainder',
                );
                setNote(
                  outcome.kind === 'sent'
                    ? 'Withdrawal sent.'
                    : outcome.kind === 'cancelled'
                      ? 'Cancelled.'
                      : outcome.message,
                );
              }}
            >
              {offer.call === 'withdrawRemainder' ? 'Withdraw my share of the remainder' : 'Withdraw my FAR'}
              {offer.allowed ? ` (${formatFar(offer.amountWei, 4)} FAR)` : ''}
            </Button>
            {note ? (
              <span role="status" className="text-sm text-muted">
                {note}
              </span>
            ) : null}
          </div>
          {offer.allowed ? null : (
            <p id={reasonId} className="text-xs text-muted">
              {offer.reason}
            </p>
          )}
        </div>
      ) : null}
    </Card>
  );
}
