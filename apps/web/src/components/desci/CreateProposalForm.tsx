'use client';

import { type FormEvent, useState } from 'react';
import { usePublicClient } from 'wagmi';
import { useDesciActions } from '@/hooks/useDesciActions';
import { useWeb3 } from '@/hooks/useWeb3';
import { type ProposalFormValues, parseProposalForm } from '@/lib/desci/parseProposalForm';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { MilestoneFields, ProposalTextFields } from './ProposalFormFields';

const emptyMilestone = { title: '', description: '', amount: '', dueDays: '' };

const initial: ProposalFormValues = {
  title: '',
  field: 'Neuroscience',
  abstract: '',
  team: '',
  budgetNarrative: '',
  fundingDays: '14',
  reviewers: '',
  threshold: '2',
  milestones: [emptyMilestone, emptyMilestone],
};

/**
 * Opens a proposal: the researcher's wallet sends `openProposal` (goal, deadline, milestones, panel,
 * threshold and the page's hash), then the page is published to the API, which checks both against
 * the chain.
 */
export function CreateProposalForm() {
  const { isConnected, isWrongNetwork, isSignedIn, expectedChainId } = useWeb3();
  const publicClient = usePublicClient({ chainId: (expectedChainId ?? undefined) as never });
  const actions = useDesciActions();
  const [values, setValues] = useState(initial);
  const [message, setMessage] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const change = (patch: Partial<ProposalFormValues>) => setValues((previous) => ({ ...previous, ...patch }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const now = publicClient
      ? (await publicClient.getBlock()).timestamp
      : BigInt(Math.floor(Date.now() / 1000));
    const parsed = parseProposalForm(values, now);
    if (!parsed.ok) {
      setMessage({ tone: 'error', text: parsed.problem });
      return;
    }
    setMessage(null);
    const outcome = await actions.openProposal(parsed.proposal);
    if (outcome.kind === 'sent') {
      setValues(initial);
      setMessage({ tone: 'ok', text: 'Proposal opened and its page published.' });
    } else
      setMessage({
        tone: 'error',
        text: outcome.kind === 'cancelled' ? 'Cancelled in the wallet.' : outcome.message,
      });
  };

  return (
    <Card aria-labelledby="create-heading">
      <form onSubmit={submit} className="flex flex-col gap-4" data-testid="create-proposal" noValidate>
        <h2 id="create-heading" className="text-lg font-semibold">
          Open a proposal
        </h2>
        <ProposalTextFields values={values} change={change} />
        <MilestoneFields values={values} change={change} />
        <div className="flex flex-wrap gap-2">
          <Button
            variant="secondary"
            disabled={values.milestones.length >= 20}
            onClick={() => change({ milestones: [...values.milestones, emptyMilestone] })}
          >
            Add a milestone
          </Button>
          <Button
            type="submit"
            disabled={!isConnected || isWrongNetwork || !isSignedIn || actions.busy !== null}
          >
            {actions.busy === 'Open proposal' ? 'Confirm in wallet…' : 'Open proposal'}
          </Button>
        </div>
        {message ? (
          <p
            role={message.tone === 'error' ? 'alert' : 'status'}
            className={`text-sm ${message.tone === 'error' ? 'text-red-300' : 'text-emerald-300'}`}
          >
            {message.text}
          </p>
        ) : null}
      </form>
    </Card>
  );
}
