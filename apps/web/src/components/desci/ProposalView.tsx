'use client';

import { useProposal } from '@/hooks/useDesciQueries';
import { formatFar } from '@/lib/format/formatFar';
import { shortAddress } from '@/lib/format/shortAddress';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { CommentThread } from './CommentThread';
import { FundingProgress } from './FundingProgress';
import { FundPanel } from './FundPanel';
import { MilestoneList } from './MilestoneList';
import { ProposalExitActions } from './ProposalExitActions';

/**
 * A proposal page: abstract, team, budget, milestones with status and reviews, backers, comments, the
 * fund / withdraw actions, and ending early (cancel, fail an overdue milestone). Funding progress
 * follows the escrow live.
 */
export function ProposalView({ proposalId }: { proposalId: bigint }) {
  const query = useProposal(proposalId);
  return (
    <DataState query={query} empty="No such proposal.">
      {(proposal) => (
        <article className="flex flex-col gap-6">
          <header className="flex flex-col gap-2">
            <p className="flex flex-wrap gap-2 text-xs text-muted">
              <span className="rounded-full border border-line px-2 py-0.5">{proposal.field}</span>
              <span className="capitalize" data-testid="proposal-status">
                {proposal.status}
              </span>
              <span>researcher {shortAddress(proposal.researcher)}</span>
            </p>
            <h1 className="text-2xl font-bold md:text-3xl">{proposal.title}</h1>
            <FundingProgress raisedWei={proposal.raisedWei} goalWei={proposal.goalWei} />
            <p className="text-xs text-muted">
              Funding closes {proposal.deadline.toLocaleString()} · {formatFar(proposal.releasedWei, 2)} FAR
              released · {proposal.feeBps / 100}% platform fee per release
            </p>
          </header>
          <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
            <div className="flex flex-col gap-6">
              <Card className="flex flex-col gap-3">
                <h2 className="text-lg font-semibold">Abstract</h2>
                <p className="whitespace-pre-wrap text-soft">{proposal.metadata.abstract}</p>
                <h2 className="text-lg font-semibold">Budget</h2>
                <p className="whitespace-pre-wrap text-soft">{proposal.metadata.budgetNarrative}</p>
              </Card>
              <Card className="flex flex-col gap-3">
                <h2 className="text-lg font-semibold">Milestones</h2>
                <p className="text-sm text-muted">
                  Each is paid only after {proposal.threshold} of {proposal.reviewers.length} reviewers
                  approve its deliverable.
                </p>
                <MilestoneList milestones={proposal.milestones} threshold={proposal.threshold} />
              </Card>
              <Card className="flex flex-col gap-3">
                <h2 className="text-lg font-semibold">Discussion</h2>
                <CommentThread proposal={proposal} />
              </Card>
            </div>
            <div className="flex flex-col gap-6">
              <FundPanel proposal={proposal} />
              <ProposalExitActions proposal={proposal} framed />
              <Card className="flex flex-col gap-2">
                <h2 className="text-lg font-semibold">Team</h2>
                <ul className="text-sm text-soft">
                  {proposal.metadata.team.map((member) => (
                    <li key={`${member.name}-${member.role}`}>
                      {member.name} <span className="text-muted">· {member.role}</span>
                    </li>
                  ))}
                </ul>
                <h2 className="mt-2 text-lg font-semibold">Review panel</h2>
                <ul className="font-mono text-xs text-muted">
                  {proposal.reviewers.map((reviewer) => (
                    <li key={reviewer}>{shortAddress(reviewer)}</li>
                  ))}
                </ul>
              </Card>
              <Card className="flex flex-col gap-2">
                <h2 className="text-lg font-semibold">Backers</h2>
                <ul className="text-sm" data-testid="backers">
                  {proposal.backers.map((backer) => (
                    <li key={backer.backer} className="flex justify-between gap-2">
                      <span className="font-mono text-muted">{shortAddress(backer.backer)}</span>
                      <span>{formatFar(backer.givenWei, 2)} FAR</span>
                    </li>
                  ))}
                  {proposal.backers.length === 0 ? <li className="text-muted">No backers yet.</li> : null}
                </ul>
              </Card>
            </div>
          </div>
        </article>
      )}
    </DataState>
  );
}
