import { getAddress, type Hex } from 'viem';
import { z } from 'zod';

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/)
  .transform((value) => getAddress(value));
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/) as unknown as z.ZodType<Hex>;
const uint = z.bigint().nonnegative();
const text = z.string().max(1_000);

const logPosition = z.object({
  /** The contract that emitted it. */
  address,
  blockNumber: uint,
  blockHash: bytes32,
  transactionHash: bytes32,
  logIndex: z.number().int().nonnegative(),
});

const event = <name extends string, args extends z.ZodRawShape>(eventName: name, args: args) =>
  logPosition.extend({ eventName: z.literal(eventName), args: z.object(args) });

/**
 * The ResearchEscrow and PublicationRegistry events the desci chain follower applies, parsed once at
 * the chain boundary (viem decodes them against the ABI; this checks what the database will trust).
 */
export const desciChainEventSchema = z.discriminatedUnion('eventName', [
  event('ProposalOpened', {
    proposalId: uint,
    researcher: address,
    goal: uint,
    deadline: uint,
    metadataHash: bytes32,
    feeBps: uint,
    stakerShareBps: uint,
    gracePeriod: uint,
  }),
  event('MilestoneScheduled', { proposalId: uint, milestoneIndex: uint, amount: uint, dueDate: uint }),
  event('ReviewPanelSet', { proposalId: uint, reviewers: z.array(address).max(20), threshold: uint }),
  event('ProposalBacked', {
    proposalId: uint,
    backer: address,
    amount: uint,
    contribution: uint,
    raised: uint,
  }),
  event('ProposalFunded', { proposalId: uint, raised: uint }),
  event('ProposalCancelled', { proposalId: uint }),
  event('FundingExpired', { proposalId: uint, raised: uint }),
  event('UnfundedWithdrawn', { proposalId: uint, backer: address, amount: uint }),
  event('DeliverableSubmitted', {
    proposalId: uint,
    milestoneIndex: uint,
    deliverableHash: bytes32,
    uri: text,
  }),
  event('MilestoneReleased', {
    proposalId: uint,
    milestoneIndex: uint,
    deliverableHash: bytes32,
    researcherAmount: uint,
    stakersShare: uint,
    treasuryShare: uint,
    approvers: z.array(address).max(20),
  }),
  event('MilestoneRejected', {
    proposalId: uint,
    milestoneIndex: uint,
    deliverableHash: bytes32,
    rejecters: z.array(address).max(20),
  }),
  event('MilestoneOverdue', { proposalId: uint, milestoneIndex: uint, dueDate: uint }),
  event('ProposalCompleted', { proposalId: uint }),
  event('ProposalFailed', { proposalId: uint, milestoneIndex: uint, remainder: uint }),
  event('RemainderWithdrawn', { proposalId: uint, backer: address, amount: uint, contribution: uint }),
  event('Anchored', {
    documentHash: bytes32,
    anchorer: address,
    recorder: address,
    anchoredAt: uint,
    title: text,
    authors: text,
    doi: text,
    uri: text,
  }),
]);

export type DesciChainEvent = z.infer<typeof desciChainEventSchema>;
/** The escrow's events: every one of them names a proposal. */
export type DesciEscrowEvent = Exclude<DesciChainEvent, { eventName: 'Anchored' }>;
export type DesciChainEventOf<name extends DesciChainEvent['eventName']> = Extract<
  DesciChainEvent,
  { eventName: name }
>;
