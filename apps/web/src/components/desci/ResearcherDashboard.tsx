'use client';

import Link from 'next/link';
import { useProposal, useProposals } from '@/hooks/useDesciQueries';
import { useWeb3 } from '@/hooks/useWeb3';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { SignInRequired } from '../ui/SignInRequired';
import { CreateProposalForm } from './CreateProposalForm';
import { FundingProgress } from './FundingProgress';
import { MilestoneActions } from './MilestoneActions';
import { ProposalExitActions } from './ProposalExitActions';

/** One of the researcher's proposals with its next step, and ending it early where the escrow allows. */
function ResearcherProposal({ proposalId }: { proposalId: bigint }) {
  const query = useProposal(proposalId);
  return (
    <DataState query={query} empty="">
      {(proposal) => (
        <Card className="flex flex-col gap-3" data-testid="my-proposal">
          <h3 className="text-lg font-semibold">
            <Link href={`/desci/${proposal.proposalId}`} className="hover:text-brand-soft">
              {proposal.title}
            </Link>
          </h3>
          <p className="text-sm capitalize text-muted">{proposal.status}</p>
          <FundingProgress raisedWei={proposal.raisedWei} goalWei={proposal.goalWei} />
          <MilestoneActions proposal={proposal} />
          <ProposalExitActions proposal={proposal} />
        </Card>
      )}
    </DataState>
  );
}

/** The researcher's dashboard: open a proposal, then deliver and get paid milestone by milestone. */
export function ResearcherDashboard() {
  const { address } = useWeb3();
  const mine = useProposals(address ? { researcher: address } : {});
  return (
    <SignInRequired what="your research proposals">
      <div className="flex flex-col gap-6">
        <section aria-labelledby="mine-heading" className="flex flex-col gap-4">
          <h2 id="mine-heading" className="text-xl font-semibold">
            Your proposals
          </h2>
          <DataState
            query={mine}
            isEmpty={(list) => list.length === 0}
            empty="You have not opened a proposal yet."
          >
            {(proposals) => (
              <div className="grid gap-4 md:grid-cols-2">
                {proposals.map((proposal) => (
                  <ResearcherProposal key={proposal.proposalId.toString()} proposalId={proposal.proposalId} />
                ))}
              </div>
            )}
          </DataState>
        </section>
        <CreateProposalForm />
      </div>
    </SignInRequired>
  );
}
