import { type Db, type DesciReview, desciReviews } from '@far/db';
import { and, eq } from 'drizzle-orm';
import type { Hex, PublicClient } from 'viem';
import { BaseError } from '../../errors/BaseError.js';
import type { Caller } from '../../http/appEnv.js';
import type { DesciEscrow } from './DesciEscrow.js';
import { findProposalPage } from './findProposalPage.js';
import { readProposalState } from './readProposalStates.js';
import { type MilestoneReviewTally, tallyMilestoneReviews } from './tallyMilestoneReviews.js';
import { verifyMilestoneReview } from './verifyMilestoneReview.js';

/** A reviewer's decision on the milestone under review, with its written review and signature. */
export type MilestoneReviewSubmission = {
  proposalId: bigint;
  milestoneIndex: number;
  approved: boolean;
  body: string;
  signature: Hex;
};

/**
 * Records a panel reviewer's decision on the deliverable now under review, after checking in the desci
 * chain mirror (what the reviewer's queue showed) that the caller sits on the proposal's panel and that
 * this milestone awaits review, and checking the EIP-712 signature against the escrow's domain and the
 * deliverable's hash exactly as the escrow will. A reviewer decides once per deliverable. A review of a
 * deliverable the researcher replaced a moment ago is kept under the old hash and counts for nothing:
 * `collectDecisionSignatures` reads the escrow's current hash before it hands out signatures.
 *
 * @param deps - database, chain client and Far DeSci's contracts.
 * @param caller - the signed-in reviewer.
 * @param submission - the decision, the written review and the signature.
 * @returns the stored review and the milestone's tally after it.
 * @throws BaseError `not_found` (no page), `forbidden` (not on the panel), `conflict` (the milestone is
 *   not awaiting review, or the caller already reviewed this deliverable), `invalid_signature`.
 */
export async function submitMilestoneReview(
  deps: { db: Db; chain: PublicClient; escrow: DesciEscrow },
  caller: Caller,
  submission: MilestoneReviewSubmission,
): Promise<{ review: DesciReview; tally: MilestoneReviewTally }> {
  const { db, escrow } = deps;
  const { proposalId, milestoneIndex } = submission;
  await findProposalPage(db, escrow.escrowKey, proposalId);
  const proposal = await readProposalState(deps, proposalId);
  const reviewer = caller.walletAddress.toLowerCase();
  if (!proposal.reviewers.some((address) => address.toLowerCase() === reviewer)) {
    throw new BaseError('forbidden', 'You are not on this proposal’s review panel');
  }
  const milestone = proposal.milestones[milestoneIndex];
  if (
    proposal.status !== 'funded' ||
    milestoneIndex !== proposal.currentMilestone ||
    milestone?.status !== 'submitted' ||
    !milestone.deliverableHash
  ) {
    throw new BaseError('conflict', `milestone ${milestoneIndex} is not awaiting review`);
  }
  const deliverableHash = milestone.deliverableHash;
  await verifyMilestoneReview(
    {
      chainId: escrow.chainId,
      escrow: escrow.escrow,
      proposalId,
      milestoneIndex,
      deliverableHash,
      approved: submission.approved,
      signature: submission.signature,
    },
    caller.walletAddress,
  );
  const [review] = await db
    .insert(desciReviews)
    .values({
      escrowAddress: escrow.escrowKey,
      proposalId,
      milestoneIndex,
      reviewerUserId: caller.userId,
      reviewerAddress: reviewer,
      decision: submission.approved ? 'approve' : 'reject',
      body: submission.body,
      deliverableHash,
      signature: submission.signature,
    })
    .onConflictDoNothing()
    .returning();
  if (!review) throw new BaseError('conflict', 'You have already reviewed this deliverable');
  const decisions = await db
    .select({ decision: desciReviews.decision })
    .from(desciReviews)
    .where(
      and(
        eq(desciReviews.escrowAddress, escrow.escrowKey),
        eq(desciReviews.proposalId, proposalId),
        eq(desciReviews.milestoneIndex, milestoneIndex),
        eq(desciReviews.deliverableHash, deliverableHash),
      ),
    );
  return {
    review,
    tally: tallyMilestoneReviews(
      decisions.map((row) => row.decision),
      proposal.threshold,
    ),
  };
}
