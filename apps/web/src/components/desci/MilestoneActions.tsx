'use client';

import { useId, useState } from 'react';
import { useDesciActions } from '@/hooks/useDesciActions';
import type { ActionOutcome } from '@/hooks/useTrackedAction';
import type { Proposal } from '@/lib/desci/desciEndpoints';
import { Button } from '../ui/Button';
import { fieldClass } from '../ui/fieldClass';

function describe(outcome: ActionOutcome, sent: string) {
  return outcome.kind === 'sent'
    ? sent
    : outcome.kind === 'cancelled'
      ? 'Cancelled in the wallet.'
      : outcome.message;
}

/**
 * The researcher's next step on the current milestone: submit its deliverable (the file is hashed here,
 * only its SHA-256 and link go on chain, where it is anchored), and once k reviewers agree, settle it:
 * release the funds with their signatures.
 */
export function MilestoneActions({ proposal }: { proposal: Proposal }) {
  const fileId = useId();
  const uriId = useId();
  const actions = useDesciActions();
  const [file, setFile] = useState<File | null>(null);
  const [uri, setUri] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const milestone = proposal.milestones[proposal.currentMilestone];
  if (proposal.status !== 'funded' || !milestone) return null;
  const decided = milestone.status === 'submitted' && milestone.outcome !== 'pending';
  return (
    <div className="flex flex-col gap-3 rounded-xl border border-line p-3" data-testid="milestone-actions">
      <p className="text-sm font-semibold">
        Milestone {milestone.index + 1}: {milestone.title}
      </p>
      {decided ? (
        <Button
          disabled={actions.busy !== null}
          onClick={async () =>
            setNote(
              describe(
                await actions.settleMilestone(proposal.proposalId, milestone.index),
                milestone.outcome === 'approved' ? 'Release sent.' : 'Rejection sent.',
              ),
            )
          }
        >
          {milestone.outcome === 'approved' ? 'Release funds' : 'Record the rejection'}
        </Button>
      ) : (
        <form
          className="flex flex-col gap-2"
          onSubmit={async (event) => {
            event.preventDefault();
            if (!file) return setNote('Pick the deliverable file.');
            setNote(
              describe(
                await actions.submitDeliverable(proposal.proposalId, milestone.index, file, uri.trim()),
                'Deliverable submitted.',
              ),
            );
          }}
        >
          <label htmlFor={fileId} className="text-sm text-muted">
            Deliverable file (hashed on your device, never uploaded)
          </label>
          <input
            id={fileId}
            type="file"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            className="text-sm"
          />
          <label htmlFor={uriId} className="text-sm text-muted">
            Where reviewers can read it (link)
          </label>
          <input
            id={uriId}
            value={uri}
            onChange={(event) => setUri(event.target.value)}
            className={fieldClass}
          />
          <Button type="submit" disabled={actions.busy !== null} className="self-start">
            {milestone.status === 'submitted' ? 'Replace deliverable' : 'Submit deliverable'}
          </Button>
        </form>
      )}
      {note ? (
        <p role="status" className="text-sm text-muted">
          {note}
        </p>
      ) : null}
    </div>
  );
}
