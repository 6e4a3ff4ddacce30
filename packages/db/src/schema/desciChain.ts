import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { wei } from './wei.js';

// Far DeSci's chain mirror: what ResearchEscrow and PublicationRegistry hold, as the desci chain
// follower reads it from their events. Every row is a projection of the chain (addresses lowercase,
// keyed by the contract's address so a redeployed escrow never mixes with the old one): the follower
// deletes and rebuilds a contract's rows when the chain's history changes under its cursor.

/** ResearchEscrow's ProposalStatus, by name. */
export type DesciProposalStatus = 'funding' | 'funded' | 'completed' | 'failed' | 'unfunded' | 'cancelled';
/** ResearchEscrow's MilestoneStatus, by name. */
export type DesciMilestoneStatus = 'pending' | 'submitted' | 'released' | 'rejected' | 'overdue';

/** One proposal's terms and money as the escrow holds them. */
export const desciChainProposals = pgTable(
  'desci_chain_proposals',
  {
    escrowAddress: varchar('escrow_address', { length: 42 }).notNull(),
    proposalId: bigint('proposal_id', { mode: 'bigint' }).notNull(),
    researcherAddress: varchar('researcher_address', { length: 42 }).notNull(),
    goalWei: wei('goal_wei').notNull(),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    metadataHash: varchar('metadata_hash', { length: 66 }).notNull(),
    /** Lowercase wallets, in panel order; empty until `ReviewPanelSet` (same transaction). */
    reviewers: jsonb('reviewers').$type<string[]>().notNull(),
    threshold: integer('threshold').notNull(),
    milestoneCount: integer('milestone_count').notNull(),
    /** The milestone under way (equals milestone_count once all are released). */
    currentMilestone: integer('current_milestone').notNull(),
    /**
     * As stored on chain, except that the follower cannot see a deadline pass: a proposal still
     * `funding` after its deadline is unfunded (the escrow's `statusOf` says so at once).
     */
    status: text('status').$type<DesciProposalStatus>().notNull(),
    raisedWei: wei('raised_wei').notNull(),
    /** Gross FAR released for milestones (the researcher's payment plus the platform fee). */
    releasedWei: wei('released_wei').notNull(),
    /** FAR paid back to backers (unfunded, cancelled or failed). */
    refundedWei: wei('refunded_wei').notNull(),
    backerCount: integer('backer_count').notNull(),
    feeBps: integer('fee_bps').notNull(),
    stakerShareBps: integer('staker_share_bps').notNull(),
    gracePeriodSeconds: integer('grace_period_seconds').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    openedTransactionHash: varchar('opened_transaction_hash', { length: 66 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'desci_chain_proposals_pk', columns: [t.escrowAddress, t.proposalId] }),
    index('idx_desci_chain_proposals_researcher').on(t.researcherAddress),
    index('idx_desci_chain_proposals_status').on(t.status),
  ],
);

/** One milestone of a proposal: its terms, the submitted deliverable and how it was decided. */
export const desciChainMilestones = pgTable(
  'desci_chain_milestones',
  {
    escrowAddress: varchar('escrow_address', { length: 42 }).notNull(),
    proposalId: bigint('proposal_id', { mode: 'bigint' }).notNull(),
    milestoneIndex: integer('milestone_index').notNull(),
    amountWei: wei('amount_wei').notNull(),
    dueDate: timestamp('due_date', { withTimezone: true }).notNull(),
    status: text('status').$type<DesciMilestoneStatus>().notNull(),
    /** SHA-256 of the latest submitted deliverable (a resubmission replaces it). */
    deliverableHash: varchar('deliverable_hash', { length: 66 }),
    deliverableUri: text('deliverable_uri'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    /** When it was released, rejected or found overdue. */
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionTransactionHash: varchar('decision_transaction_hash', { length: 66 }),
    researcherAmountWei: wei('researcher_amount_wei'),
    stakersShareWei: wei('stakers_share_wei'),
    treasuryShareWei: wei('treasury_share_wei'),
  },
  (t) => [
    primaryKey({
      name: 'desci_chain_milestones_pk',
      columns: [t.escrowAddress, t.proposalId, t.milestoneIndex],
    }),
  ],
);

/** What one backer gave a proposal and got back. */
export const desciChainBackings = pgTable(
  'desci_chain_backings',
  {
    escrowAddress: varchar('escrow_address', { length: 42 }).notNull(),
    proposalId: bigint('proposal_id', { mode: 'bigint' }).notNull(),
    backerAddress: varchar('backer_address', { length: 42 }).notNull(),
    /** Everything the backer gave, refunds not deducted. */
    contributedWei: wei('contributed_wei').notNull(),
    refundedWei: wei('refunded_wei').notNull(),
    firstBackedAt: timestamp('first_backed_at', { withTimezone: true }).notNull(),
    lastBackedAt: timestamp('last_backed_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'desci_chain_backings_pk',
      columns: [t.escrowAddress, t.proposalId, t.backerAddress],
    }),
    index('idx_desci_chain_backings_backer').on(t.backerAddress),
  ],
);

/** One reviewer's signed decision as a release or rejection carried it on chain. */
export const desciChainDecisions = pgTable(
  'desci_chain_decisions',
  {
    escrowAddress: varchar('escrow_address', { length: 42 }).notNull(),
    proposalId: bigint('proposal_id', { mode: 'bigint' }).notNull(),
    milestoneIndex: integer('milestone_index').notNull(),
    reviewerAddress: varchar('reviewer_address', { length: 42 }).notNull(),
    approved: boolean('approved').notNull(),
    deliverableHash: varchar('deliverable_hash', { length: 66 }).notNull(),
    transactionHash: varchar('transaction_hash', { length: 66 }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'desci_chain_decisions_pk',
      columns: [t.escrowAddress, t.proposalId, t.milestoneIndex, t.reviewerAddress],
    }),
  ],
);

/**
 * Every escrow event, in chain order: the proposal's history (backed, funded, deliverable submitted,
 * released, refunded…). `amount_wei` is the event's FAR amount where it has one.
 */
export const desciChainEvents = pgTable(
  'desci_chain_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    escrowAddress: varchar('escrow_address', { length: 42 }).notNull(),
    proposalId: bigint('proposal_id', { mode: 'bigint' }).notNull(),
    milestoneIndex: integer('milestone_index'),
    eventName: text('event_name').notNull(),
    /** The wallet the event is about (backer, researcher), lowercase, when it names one. */
    actorAddress: varchar('actor_address', { length: 42 }),
    amountWei: wei('amount_wei'),
    /** The event's other arguments, bigints as decimal strings. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    blockNumber: bigint('block_number', { mode: 'bigint' }).notNull(),
    logIndex: integer('log_index').notNull(),
    transactionHash: varchar('transaction_hash', { length: 66 }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    unique('desci_chain_events_log').on(t.escrowAddress, t.transactionHash, t.logIndex),
    index('idx_desci_chain_events_proposal').on(t.escrowAddress, t.proposalId, t.blockNumber),
    // A wallet's DeSci activity in its account history (listDesciActivity).
    index('idx_desci_chain_events_actor').on(t.actorAddress, t.occurredAt),
  ],
);

/** A document anchored in the PublicationRegistry: the first anchor of its SHA-256. */
export const desciChainPublications = pgTable(
  'desci_chain_publications',
  {
    registryAddress: varchar('registry_address', { length: 42 }).notNull(),
    /** 0x-prefixed SHA-256 of the document. */
    documentHash: varchar('document_hash', { length: 66 }).notNull(),
    anchorerAddress: varchar('anchorer_address', { length: 42 }).notNull(),
    /** The contract that anchored for the anchorer (the escrow for deliverables), else null. */
    recorderAddress: varchar('recorder_address', { length: 42 }),
    title: text('title').notNull(),
    authors: text('authors').notNull(),
    doi: text('doi').notNull(),
    uri: text('uri').notNull(),
    anchoredAt: timestamp('anchored_at', { withTimezone: true }).notNull(),
    blockNumber: bigint('block_number', { mode: 'bigint' }).notNull(),
    transactionHash: varchar('transaction_hash', { length: 66 }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'desci_chain_publications_pk', columns: [t.registryAddress, t.documentHash] }),
    index('idx_desci_chain_publications_anchorer').on(t.anchorerAddress),
  ],
);

export type DesciChainProposal = typeof desciChainProposals.$inferSelect;
export type DesciChainMilestone = typeof desciChainMilestones.$inferSelect;
export type DesciChainBacking = typeof desciChainBackings.$inferSelect;
export type DesciChainDecision = typeof desciChainDecisions.$inferSelect;
export type DesciChainEvent = typeof desciChainEvents.$inferSelect;
export type DesciChainPublication = typeof desciChainPublications.$inferSelect;
