import { desciChainEvents, desciChainPublications } from '@far/db';
import { applyFundingEvent } from './applyFundingEvent.js';
import { applyMilestoneEvent } from './applyMilestoneEvent.js';
import { applyProposalEvent } from './applyProposalEvent.js';
import type { DesciApplyContext } from './DesciApplyContext.js';
import type { DesciChainEvent, DesciChainEventOf, DesciEscrowEvent } from './desciChainEventSchema.js';

/**
 * Applies one ResearchEscrow or PublicationRegistry event to the desci chain mirror. Each escrow event
 * is first written to `desci_chain_events` (the proposal's history); when that log is already there the
 * event was applied before and nothing else is written, so a replayed range changes nothing.
 *
 * @param context - the range's transaction, the contracts and the block time.
 * @param event - the parsed event.
 * @returns the proposal id whose page should refresh, or undefined (an anchor, or a replay).
 * @example
 * const touched = await applyDesciChainEvent(context, event);
 */
export async function applyDesciChainEvent(
  context: DesciApplyContext,
  event: DesciChainEvent,
): Promise<bigint | undefined> {
  if (event.eventName === 'Anchored') {
    await recordAnchor(context, event);
    return undefined;
  }
  if (!(await recordEscrowEvent(context, event))) return undefined;
  switch (event.eventName) {
    case 'ProposalBacked':
    case 'UnfundedWithdrawn':
    case 'RemainderWithdrawn':
      await applyFundingEvent(context, event);
      break;
    case 'DeliverableSubmitted':
    case 'MilestoneReleased':
    case 'MilestoneRejected':
    case 'MilestoneOverdue':
      await applyMilestoneEvent(context, event);
      break;
    default:
      await applyProposalEvent(context, event);
  }
  return event.args.proposalId;
}

/** The history row of an escrow event; false when it was recorded already. */
async function recordEscrowEvent(context: DesciApplyContext, event: DesciEscrowEvent): Promise<boolean> {
  const { proposalId, ...rest } = event.args;
  const actor = 'backer' in rest ? rest.backer : 'researcher' in rest ? rest.researcher : undefined;
  const amount =
    'amount' in rest ? rest.amount : 'researcherAmount' in rest ? rest.researcherAmount : undefined;
  const inserted = await context.tx
    .insert(desciChainEvents)
    .values({
      escrowAddress: context.escrow,
      proposalId,
      milestoneIndex: 'milestoneIndex' in rest ? Number(rest.milestoneIndex) : null,
      eventName: event.eventName,
      actorAddress: actor?.toLowerCase() ?? null,
      amountWei: amount ?? null,
      details: JSON.parse(
        JSON.stringify(rest, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)),
      ),
      blockNumber: event.blockNumber,
      logIndex: event.logIndex,
      transactionHash: event.transactionHash,
      occurredAt: context.blockTime,
    })
    .onConflictDoNothing()
    .returning({ id: desciChainEvents.id });
  return inserted.length > 0;
}

/** The first anchor of a document; the registry refuses a second, so a conflict is a replay. */
async function recordAnchor(context: DesciApplyContext, event: DesciChainEventOf<'Anchored'>) {
  const { args } = event;
  const zero = /^0x0{40}$/i;
  await context.tx
    .insert(desciChainPublications)
    .values({
      registryAddress: context.registry,
      documentHash: args.documentHash.toLowerCase(),
      anchorerAddress: args.anchorer.toLowerCase(),
      recorderAddress: zero.test(args.recorder) ? null : args.recorder.toLowerCase(),
      title: args.title,
      authors: args.authors,
      doi: args.doi,
      uri: args.uri,
      anchoredAt: new Date(Number(args.anchoredAt) * 1000),
      blockNumber: event.blockNumber,
      transactionHash: event.transactionHash,
    })
    .onConflictDoNothing();
}
