import {
  bigint,
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
import { users } from './users.js';

/** One member of a research team as the proposal page lists them. */
export type DesciTeamMember = { name: string; role: string; wallet?: string | undefined };

/** What a proposal page says about one milestone; its amount and due date live on chain. */
export type DesciMilestoneText = { title: string; description: string };

/**
 * Far DeSci proposal pages: what a researcher wrote about a proposal they opened on chain in
 * ResearchEscrow. The chain holds the money terms and a `metadataHash`; the page holds the words,
 * stored only once the API has checked that the caller is the proposal's researcher and that the
 * hash of `metadata_json` (the exact document, as hashed) is the one on chain.
 */
export const desciProposalPages = pgTable(
  'desci_proposal_pages',
  {
    /** The proposal's id in ResearchEscrow. */
    proposalId: bigint('proposal_id', { mode: 'bigint' }).notNull(),
    /** Lowercase; the escrow the proposal lives in, so a redeployed escrow never mixes pages. */
    escrowAddress: varchar('escrow_address', { length: 42 }).notNull(),
    researcherUserId: uuid('researcher_user_id')
      .notNull()
      .references(() => users.id),
    /** Lowercase, as on chain. */
    researcherAddress: varchar('researcher_address', { length: 42 }).notNull(),
    /** 0x-prefixed keccak256 of `metadata_json`'s UTF-8 bytes: the proposal's on-chain metadataHash. */
    metadataHash: varchar('metadata_hash', { length: 66 }).notNull(),
    /** The document exactly as hashed, kept so anyone can check the hash again. */
    metadataJson: text('metadata_json').notNull(),
    title: text('title').notNull(),
    abstract: text('abstract').notNull(),
    field: text('field').notNull(),
    team: jsonb('team').$type<DesciTeamMember[]>().notNull(),
    budgetNarrative: text('budget_narrative').notNull(),
    milestones: jsonb('milestones').$type<DesciMilestoneText[]>().notNull(),
    /**
     * The review panel (lowercase wallets) and its threshold k, copied from the chain when the page is
     * created: the escrow never changes them, and the reviewer queue finds a reviewer's proposals here.
     */
    reviewers: jsonb('reviewers').$type<string[]>().notNull(),
    threshold: integer('threshold').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'desci_proposal_pages_pk', columns: [t.escrowAddress, t.proposalId] }),
    index('idx_desci_proposal_pages_field').on(t.field),
    index('idx_desci_proposal_pages_researcher').on(t.researcherAddress),
  ],
);

/**
 * Reviews of a milestone's deliverable by the proposal's panel: a decision, the written review
 * (private until the milestone's decision is made) and the reviewer's EIP-712 `MilestoneReview`
 * signature of that decision, which `releaseMilestone` (approvals) or `rejectMilestone` (rejections)
 * accepts. One per reviewer and deliverable: a reviewer cannot decide twice or change their mind; a
 * deliverable the researcher replaces on chain is reviewed afresh, as the escrow voids old signatures.
 */
export const desciReviews = pgTable(
  'desci_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    escrowAddress: varchar('escrow_address', { length: 42 }).notNull(),
    proposalId: bigint('proposal_id', { mode: 'bigint' }).notNull(),
    milestoneIndex: integer('milestone_index').notNull(),
    reviewerUserId: uuid('reviewer_user_id')
      .notNull()
      .references(() => users.id),
    /** Lowercase. */
    reviewerAddress: varchar('reviewer_address', { length: 42 }).notNull(),
    decision: text('decision').$type<DesciReviewDecision>().notNull(),
    body: text('body').notNull(),
    /** The deliverable the reviewer read: the SHA-256 the researcher submitted on chain. */
    deliverableHash: varchar('deliverable_hash', { length: 66 }).notNull(),
    /** 0x-prefixed hex EIP-712 signature of the decision on this deliverable. */
    signature: text('signature'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('desci_reviews_one_per_reviewer_and_deliverable').on(
      t.escrowAddress,
      t.proposalId,
      t.milestoneIndex,
      t.deliverableHash,
      t.reviewerAddress,
    ),
    index('idx_desci_reviews_reviewer').on(t.reviewerAddress),
  ],
);

/** Public comments on a proposal, each attributed to the signed-in wallet that wrote it. */
export const desciComments = pgTable(
  'desci_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    escrowAddress: varchar('escrow_address', { length: 42 }).notNull(),
    proposalId: bigint('proposal_id', { mode: 'bigint' }).notNull(),
    authorUserId: uuid('author_user_id')
      .notNull()
      .references(() => users.id),
    /** Lowercase. */
    authorAddress: varchar('author_address', { length: 42 }).notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('idx_desci_comments_proposal').on(t.escrowAddress, t.proposalId, t.createdAt)],
);

export type DesciReviewDecision = 'approve' | 'reject';
export type DesciProposalPage = typeof desciProposalPages.$inferSelect;
export type DesciReview = typeof desciReviews.$inferSelect;
export type DesciComment = typeof desciComments.$inferSelect;
