import { desciChainDecisions, desciChainMilestones, desciChainProposals } from '@far/db';
import { and, eq, sql } from 'drizzle-orm';
import type { Address } from 'viem';
import { type DesciApplyContext, weiText } from './DesciApplyContext.js';
import type { DesciChainEventOf } from './desciChainEventSchema.js';
import { recordDesciReleaseRevenue } from './recordDesciReleaseRevenue.js';

type MilestoneEvent = DesciChainEventOf<
  'DeliverableSubmitted' | 'MilestoneReleased' | 'MilestoneRejected' | 'MilestoneOverdue'
>;

/**
 * Mirrors a milestone's progress: its submitted deliverable, and its release (with the signing
 * reviewers, the payment split and the revenue rows), rejection (with the rejecting reviewers) or
 * overdue end.
 *
 * @param context - the transaction, the escrow, the treasury and the block time.
 * @param event - one of the milestone events.
 * @example
 * await applyMilestoneEvent(context, event);
 */
export async function applyMilestoneEvent(context: DesciApplyContext, event: MilestoneEvent): Promise<void> {
  const { tx, escrow, blockTime } = context;
  const { proposalId } = event.args;
  const milestoneIndex = Number(event.args.milestoneIndex);
  const milestoneKey = and(
    eq(desciChainMilestones.escrowAddress, escrow),
    eq(desciChainMilestones.proposalId, proposalId),
    eq(desciChainMilestones.milestoneIndex, milestoneIndex),
  );
  const decided = { decidedAt: blockTime, decisionTransactionHash: event.transactionHash };
  switch (event.eventName) {
    case 'DeliverableSubmitted':
      await tx
        .update(desciChainMilestones)
        .set({
          status: 'submitted',
          deliverableHash: event.args.deliverableHash,
          deliverableUri: event.args.uri,
          submittedAt: blockTime,
        })
        .where(milestoneKey);
      return;
    case 'MilestoneOverdue':
      await tx
        .update(desciChainMilestones)
        .set({ status: 'overdue', ...decided })
        .where(milestoneKey);
      return;
    case 'MilestoneRejected':
      await tx
        .update(desciChainMilestones)
        .set({ status: 'rejected', ...decided })
        .where(milestoneKey);
      await recordDecisions(context, event, event.args.rejecters, false);
      return;
    case 'MilestoneReleased': {
      const { researcherAmount, stakersShare, treasuryShare } = event.args;
      await tx
        .update(desciChainMilestones)
        .set({
          status: 'released',
          ...decided,
          researcherAmountWei: researcherAmount,
          stakersShareWei: stakersShare,
          treasuryShareWei: treasuryShare,
        })
        .where(milestoneKey);
      const gross = researcherAmount + stakersShare + treasuryShare;
      const [proposal] = await tx
        .update(desciChainProposals)
        .set({
          releasedWei: sql`${desciChainProposals.releasedWei} + ${weiText(gross)}::numeric`,
          currentMilestone: milestoneIndex + 1,
          updatedAt: blockTime,
        })
        .where(
          and(eq(desciChainProposals.escrowAddress, escrow), eq(desciChainProposals.proposalId, proposalId)),
        )
        .returning({ researcher: desciChainProposals.researcherAddress });
      await recordDecisions(context, event, event.args.approvers, true);
      if (proposal === undefined) return;
      await recordDesciReleaseRevenue(
        tx,
        [
          {
            wallet: proposal.researcher as Address,
            streamType: 'desci_researcher',
            amount: researcherAmount,
          },
          { wallet: context.treasury as Address, streamType: 'desci_treasury', amount: treasuryShare },
        ],
        event.transactionHash,
        blockTime,
      );
    }
  }
}

/** One row per signing reviewer of a release or rejection. */
async function recordDecisions(
  context: DesciApplyContext,
  event: DesciChainEventOf<'MilestoneReleased' | 'MilestoneRejected'>,
  reviewers: readonly Address[],
  approved: boolean,
) {
  if (reviewers.length === 0) return;
  await context.tx
    .insert(desciChainDecisions)
    .values(
      reviewers.map((reviewer) => ({
        escrowAddress: context.escrow,
        proposalId: event.args.proposalId,
        milestoneIndex: Number(event.args.milestoneIndex),
        reviewerAddress: reviewer.toLowerCase(),
        approved,
        deliverableHash: event.args.deliverableHash,
        transactionHash: event.transactionHash,
        decidedAt: context.blockTime,
      })),
    )
    .onConflictDoNothing();
}
