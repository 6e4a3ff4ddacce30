import { index, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { wei } from './wei.js';

/**
 * Slashes the coordinator proposes on NodeBond from proven cheating (a failed canary or audit),
 * one row per evidence hash: the contract refuses a second proposal for the same evidence, and so
 * does this primary key. `pending` rows are waiting to be sent; `proposed` rows are on chain (the
 * appeal window, contest and execution then live in the contract); `failed` rows were refused.
 */
export const nodeSlashProposals = pgTable(
  'node_slash_proposals',
  {
    /** 0x keccak256 of the audit's canonical evidence JSON (node_audits.evidence_hash). */
    evidenceHash: varchar('evidence_hash', { length: 66 }).primaryKey(),
    nodeId: varchar('node_id', { length: 100 }).notNull(),
    /** Lowercase wallet that owns the node's bond. */
    ownerAddress: varchar('owner_address', { length: 42 }).notNull(),
    /** The node_audits row the evidence comes from; null for a slash proposed by hand. */
    auditId: text('audit_id'),
    amountWei: wei('amount_wei').notNull(),
    /** Harmed users and what each gets back from the slash (`amountWei` as a decimal string). */
    refunds: jsonb('refunds').$type<{ user: string; amountWei: string }[]>().notNull().default([]),
    status: text('status').$type<NodeSlashProposalStatus>().notNull().default('pending'),
    txHash: varchar('tx_hash', { length: 66 }),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_node_slash_proposals_node').on(t.nodeId),
    index('idx_node_slash_proposals_status').on(t.status),
  ],
);

export type NodeSlashProposalStatus = 'pending' | 'proposed' | 'failed';
export type NodeSlashProposal = typeof nodeSlashProposals.$inferSelect;
export type NewNodeSlashProposal = typeof nodeSlashProposals.$inferInsert;
