import type { DesciProposalPage, DesciReview } from '@far/db';
import { getAddress } from 'viem';
import type { ProposalState } from './ProposalState.js';
import { tallyMilestoneReviews } from './tallyMilestoneReviews.js';

/**
 * The milestones of a proposal page: the chain's amount, due date, status, deliverable and settlement
 * (when, in which transaction, with whose signatures) beside the page's title and description, and the
 * reviews of the deliverable under review. A review's decision
 * and text (and the approval and rejection counts) stay hidden until the milestone is decided (k approvals or k rejections collected, or the
 * escrow released or rejected it), so each reviewer judges without reading the others; then they are
 * public. Reviews of a deliverable the researcher since replaced are left out, as their signatures are void.
 *
 * @param page - the stored page (milestone words).
 * @param proposal - the proposal's state (mirrored from the escrow).
 * @param reviews - every stored review of the proposal.
 * @returns the wire milestones, in order.
 */
export function describeMilestones(
  page: DesciProposalPage,
  proposal: ProposalState,
  reviews: readonly DesciReview[],
) {
  return proposal.milestones.map((milestone) => {
    const text = page.milestones[milestone.index];
    const current = reviews
      .filter(
        (review) =>
          review.milestoneIndex === milestone.index && review.deliverableHash === milestone.deliverableHash,
      )
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const tally = tallyMilestoneReviews(
      current.map((review) => review.decision),
      proposal.threshold,
    );
    const decided =
      tally.outcome !== 'pending' || milestone.status === 'released' || milestone.status === 'rejected';
    return {
      index: milestone.index,
      title: text?.title ?? `Milestone ${milestone.index + 1}`,
      description: text?.description ?? '',
      amountWei: milestone.amountWei.toString(),
      dueDate: new Date(milestone.dueDate * 1000).toISOString(),
      // The escrow's `failOverdueMilestone` opens to anyone once this passes with the milestone unreleased.
      overdueAt: new Date((milestone.dueDate + proposal.gracePeriod) * 1000).toISOString(),
      status: milestone.status,
      deliverableHash: milestone.deliverableHash,
      deliverableUri: milestone.deliverableHash ? milestone.deliverableUri : null,
      submittedAt: milestone.submittedAt ? new Date(milestone.submittedAt * 1000).toISOString() : null,
      settlement:
        milestone.decidedAt && milestone.decisionTransactionHash
          ? {
              at: milestone.decidedAt.toISOString(),
              transactionHash: milestone.decisionTransactionHash,
              signers: milestone.signers,
            }
          : null,
      reviewCount: current.length,
      // Counts would tell one reviewer's decision to the next: they wait for the decision too.
      approvals: decided ? tally.approvals : null,
      rejections: decided ? tally.rejections : null,
      outcome: tally.outcome,
      reviews: current.map((review) => ({
        reviewer: getAddress(review.reviewerAddress),
        decision: decided ? review.decision : null,
        body: decided ? review.body : null,
        deliverableHash: review.deliverableHash,
        createdAt: review.createdAt.toISOString(),
      })),
    };
  });
}
