import { type DesciProposalStatus, desciChainMilestones, desciChainProposals } from '@far/db';
import { and, eq } from 'drizzle-orm';
import type { DesciApplyContext } from './DesciApplyContext.js';
import type { DesciChainEventOf } from './desciChainEventSchema.js';

type ProposalEvent = DesciChainEventOf<
  | 'ProposalOpened'
  | 'MilestoneScheduled'
  | 'ReviewPanelSet'
  | 'ProposalFunded'
  | 'ProposalCancelled'
  | 'FundingExpired'
  | 'ProposalCompleted'
  | 'ProposalFailed'
>;

/** The status each status-only event leaves the proposal in. */
const statusAfter = {
  ProposalFunded: 'funded',
  ProposalCancelled: 'cancelled',
  FundingExpired: 'unfunded',
  ProposalCompleted: 'completed',
  ProposalFailed: 'failed',
} as const satisfies Record<string, DesciProposalStatus>;

/**
 * Mirrors a proposal's terms and status changes: opened (its row), each scheduled milestone, its
 * review panel, and funded, cancelled, expired, completed or failed.
 *
 * @param context - the transaction, the escrow and the block time.
 * @param event - one of the proposal events.
 * @example
 * await applyProposalEvent(context, event);
 */
export async function applyProposalEvent(context: DesciApplyContext, event: ProposalEvent): Promise<void> {
  const { tx, escrow } = context;
  const key = and(
    eq(desciChainProposals.escrowAddress, escrow),
    eq(desciChainProposals.proposalId, event.args.proposalId),
  );
  switch (event.eventName) {
    case 'ProposalOpened': {
      const { args } = event;
      await tx
        .insert(desciChainProposals)
        .values({
          escrowAddress: escrow,
          proposalId: args.proposalId,
          researcherAddress: args.researcher.toLowerCase(),
          goalWei: args.goal,
          deadline: new Date(Number(args.deadline) * 1000),
          metadataHash: args.metadataHash,
          reviewers: [],
          threshold: 0,
          milestoneCount: 0,
          currentMilestone: 0,
          status: 'funding',
          raisedWei: 0n,
          releasedWei: 0n,
          refundedWei: 0n,
          backerCount: 0,
          feeBps: Number(args.feeBps),
          stakerShareBps: Number(args.stakerShareBps),
          gracePeriodSeconds: Number(args.gracePeriod),
          openedAt: context.blockTime,
          openedTransactionHash: event.transactionHash,
        })
        .onConflictDoNothing();
      return;
    }
    case 'MilestoneScheduled': {
      const index = Number(event.args.milestoneIndex);
      await tx
        .insert(desciChainMilestones)
        .values({
          escrowAddress: escrow,
          proposalId: event.args.proposalId,
          milestoneIndex: index,
          amountWei: event.args.amount,
          dueDate: new Date(Number(event.args.dueDate) * 1000),
          status: 'pending',
        })
        .onConflictDoNothing();
      await tx
        .update(desciChainProposals)
        .set({ milestoneCount: index + 1 })
        .where(key);
      return;
    }
    case 'ReviewPanelSet':
      await tx
        .update(desciChainProposals)
        .set({
          reviewers: event.args.reviewers.map((reviewer) => reviewer.toLowerCase()),
          threshold: Number(event.args.threshold),
        })
        .where(key);
      return;
    default:
      await tx
        .update(desciChainProposals)
        .set({ status: statusAfter[event.eventName], updatedAt: context.blockTime })
        .where(key);
  }
}
