import { desciChainBackings, desciChainProposals } from '@far/db';
import { and, count, eq, sql } from 'drizzle-orm';
import { type DesciApplyContext, weiText } from './DesciApplyContext.js';
import type { DesciChainEventOf } from './desciChainEventSchema.js';

type FundingEvent = DesciChainEventOf<'ProposalBacked' | 'UnfundedWithdrawn' | 'RemainderWithdrawn'>;

/**
 * Mirrors money between backers and a proposal: a backing (the backer's running total, the proposal's
 * raised sum and backer count) and refunds, in full (unfunded, cancelled) or pro rata (failed).
 *
 * @param context - the transaction, the escrow and the block time.
 * @param event - a backing or a refund.
 * @example
 * await applyFundingEvent(context, event);
 */
export async function applyFundingEvent(context: DesciApplyContext, event: FundingEvent): Promise<void> {
  const { tx, escrow, blockTime } = context;
  const { proposalId, backer } = event.args;
  const proposalKey = and(
    eq(desciChainProposals.escrowAddress, escrow),
    eq(desciChainProposals.proposalId, proposalId),
  );
  const backerAddress = backer.toLowerCase();
  if (event.eventName === 'ProposalBacked') {
    await tx
      .insert(desciChainBackings)
      .values({
        escrowAddress: escrow,
        proposalId,
        backerAddress,
        contributedWei: event.args.amount,
        refundedWei: 0n,
        firstBackedAt: blockTime,
        lastBackedAt: blockTime,
      })
      .onConflictDoUpdate({
        target: [
          desciChainBackings.escrowAddress,
          desciChainBackings.proposalId,
          desciChainBackings.backerAddress,
        ],
        set: {
          contributedWei: sql`${desciChainBackings.contributedWei} + ${weiText(event.args.amount)}::numeric`,
          lastBackedAt: blockTime,
        },
      });
    const [backers] = await tx
      .select({ n: count() })
      .from(desciChainBackings)
      .where(
        and(eq(desciChainBackings.escrowAddress, escrow), eq(desciChainBackings.proposalId, proposalId)),
      );
    await tx
      .update(desciChainProposals)
      .set({ raisedWei: event.args.raised, backerCount: backers?.n ?? 0, updatedAt: blockTime })
      .where(proposalKey);
    return;
  }
  const amount = weiText(event.args.amount);
  await tx
    .update(desciChainBackings)
    .set({ refundedWei: sql`${desciChainBackings.refundedWei} + ${amount}::numeric` })
    .where(
      and(
        eq(desciChainBackings.escrowAddress, escrow),
        eq(desciChainBackings.proposalId, proposalId),
        eq(desciChainBackings.backerAddress, backerAddress),
      ),
    );
  await tx
    .update(desciChainProposals)
    .set({ refundedWei: sql`${desciChainProposals.refundedWei} + ${amount}::numeric`, updatedAt: blockTime })
    .where(proposalKey);
}
