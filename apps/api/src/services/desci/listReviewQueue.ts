import { type Db, desciProposalPages, desciReviews } from '@far/db';
import { and, eq, sql } from 'drizzle-orm';
import type { Address, PublicClient } from 'viem';
import type { DesciEscrow } from './DesciEscrow.js';
import { readProposalStates } from './readProposalStates.js';

/**
 * The milestones awaiting a reviewer's decision: on every proposal whose panel seats the reviewer, the
 * current milestone of a funded proposal with a deliverable submitted that the reviewer has not decided
 * on yet. Status comes from the desci chain mirror, so a milestone released or rejected on chain leaves
 * the queue once the follower has applied it (the same moment the proposal page shows it).
 *
 * @param deps - database, chain client and Far DeSci's contracts.
 * @param reviewer - the reviewer's wallet.
 * @returns one entry per milestone to review, oldest submission first.
 */
export async function listReviewQueue(
  deps: { db: Db; chain: PublicClient; escrow: DesciEscrow },
  reviewer: Address,
) {
  const { db, escrow } = deps;
  const wallet = reviewer.toLowerCase();
  const pages = await db
    .select()
    .from(desciProposalPages)
    .where(
      and(
        eq(desciProposalPages.escrowAddress, escrow.escrowKey),
        sql`${desciProposalPages.reviewers} @> ${JSON.stringify([wallet])}::jsonb`,
      ),
    );
  const mine = await db
    .select({ proposalId: desciReviews.proposalId, deliverableHash: desciReviews.deliverableHash })
    .from(desciReviews)
    .where(and(eq(desciReviews.escrowAddress, escrow.escrowKey), eq(desciReviews.reviewerAddress, wallet)));
  const reviewed = new Set(mine.map((row) => `${row.proposalId}:${row.deliverableHash}`));
  const states = await readProposalStates(
    deps,
    pages.map((page) => page.proposalId),
  );
  const awaiting = pages.flatMap((page) => {
    const proposal = states.get(page.proposalId);
    const milestone = proposal?.milestones[proposal.currentMilestone];
    if (proposal?.status !== 'funded' || milestone?.status !== 'submitted' || !milestone.deliverableHash)
      return [];
    if (reviewed.has(`${page.proposalId}:${milestone.deliverableHash}`)) return [];
    return [{ page, proposal, milestone, deliverableHash: milestone.deliverableHash }];
  });
  return awaiting
    .sort((a, b) => a.milestone.submittedAt - b.milestone.submittedAt)
    .map(({ page, proposal, milestone, deliverableHash }) => ({
      proposalId: page.proposalId.toString(),
      title: page.title,
      field: page.field,
      milestoneIndex: milestone.index,
      milestoneTitle: page.milestones[milestone.index]?.title ?? `Milestone ${milestone.index + 1}`,
      milestoneDescription: page.milestones[milestone.index]?.description ?? '',
      amountWei: milestone.amountWei.toString(),
      dueDate: new Date(milestone.dueDate * 1000).toISOString(),
      submittedAt: new Date(milestone.submittedAt * 1000).toISOString(),
      deliverableHash,
      deliverableUri: milestone.deliverableUri,
      threshold: proposal.threshold,
      panelSize: proposal.reviewers.length,
    }));
}
