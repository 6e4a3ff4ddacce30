import { type Db, desciReviews } from '@far/db';
import { and, asc, eq } from 'drizzle-orm';
import { type Address, getAddress, type Hex, type PublicClient } from 'viem';
import { BaseError } from '../../errors/BaseError.js';
import { assertCanonicalSignature } from './assertCanonicalSignature.js';
import type { DesciEscrow } from './DesciEscrow.js';
import { findProposalPage } from './findProposalPage.js';
import { readEscrowProposal } from './readEscrowProposal.js';
import { tallyMilestoneReviews } from './tallyMilestoneReviews.js';

/** What anyone needs to settle a decided milestone on chain in one transaction. */
export type DecisionSignatures = {
  deliverableHash: Hex;
  outcome: 'approved' | 'rejected';
  /** The escrow function that takes them: `releaseMilestone` for approvals, `rejectMilestone` for rejections. */
  call: 'releaseMilestone' | 'rejectMilestone';
  threshold: number;
  signatures: { reviewer: Address; signature: Hex }[];
};

/**
 * The reviewers' signatures of a milestone's decision once k of them agree: k approvals for
 * `releaseMilestone`, or k rejections for `rejectMilestone`. Before that there is nothing to hand
 * out, since fewer than k signatures only make the transaction revert. The milestone's deliverable is
 * read from the escrow itself, not the mirror: these signatures go straight into a transaction, and
 * only signatures of the hash the escrow holds now can settle it. A stored signature the escrow would
 * refuse (high s, kept before the API checked for it) is never handed out.
 *
 * @param deps - database, chain client and Far DeSci's contracts.
 * @param proposalId - the proposal.
 * @param milestoneIndex - the milestone under review.
 * @returns the first k signatures of the deciding side, in the order they were given.
 * @throws BaseError `not_found` (no page or no such milestone), `conflict` (no deliverable under review,
 *   fewer than k agree, or fewer than k of their signatures are ones the escrow accepts).
 */
export async function collectDecisionSignatures(
  deps: { db: Db; chain: PublicClient; escrow: DesciEscrow },
  proposalId: bigint,
  milestoneIndex: number,
): Promise<DecisionSignatures> {
  const { db, escrow } = deps;
  await findProposalPage(db, escrow.escrowKey, proposalId);
  const proposal = await readEscrowProposal(deps.chain, escrow.escrow, proposalId);
  const milestone = proposal.milestones[milestoneIndex];
  if (!milestone)
    throw new BaseError('not_found', `proposal ${proposalId} has no milestone ${milestoneIndex}`);
  const deliverableHash = milestone.deliverableHash;
  if (!deliverableHash) throw new BaseError('conflict', `milestone ${milestoneIndex} has no deliverable`);
  const reviews = await db
    .select()
    .from(desciReviews)
    .where(
      and(
        eq(desciReviews.escrowAddress, escrow.escrowKey),
        eq(desciReviews.proposalId, proposalId),
        eq(desciReviews.milestoneIndex, milestoneIndex),
        eq(desciReviews.deliverableHash, deliverableHash),
      ),
    )
    .orderBy(asc(desciReviews.createdAt));
  const tally = tallyMilestoneReviews(
    reviews.map((review) => review.decision),
    proposal.threshold,
  );
  if (tally.outcome === 'pending') {
    throw new BaseError(
      'conflict',
      `milestone ${milestoneIndex} is not decided yet: ${proposal.threshold} matching reviews are needed`,
    );
  }
  const decision = tally.outcome === 'approved' ? 'approve' : 'reject';
  const signatures = reviews
    .filter((review) => review.decision === decision && isCanonical(review.signature))
    .slice(0, proposal.threshold)
    .map((review) => ({ reviewer: getAddress(review.reviewerAddress), signature: review.signature as Hex }));
  if (signatures.length < proposal.threshold) {
    throw new BaseError(
      'conflict',
      `milestone ${milestoneIndex} has ${signatures.length} signatures the escrow accepts; ${proposal.threshold} are needed`,
    );
  }
  return {
    deliverableHash,
    outcome: tally.outcome,
    call: tally.outcome === 'approved' ? 'releaseMilestone' : 'rejectMilestone',
    threshold: proposal.threshold,
    signatures,
  };
}

/** Whether a stored signature is one the escrow's ECDSA accepts. */
function isCanonical(signature: string | null): signature is Hex {
  if (!signature) return false;
  try {
    assertCanonicalSignature(signature as Hex);
    return true;
  } catch {
    return false;
  }
}
