import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { gpuNodes } from './gpuNodes.js';
import { wei } from './wei.js';

/** `canary`: a prompt with a known greedy answer; `audit`: a real greedy task re-run on another node. */
export type NodeAuditKind = 'canary' | 'audit';

/**
 * Proof of serving: one row per check of a node's output (a canary or a spot-check audit), passed
 * or failed. A failed row is a strike; its `evidence_hash` (keccak256 of the canonical evidence JSON
 * in `detail`) is what a slash proposal cites on chain.
 */
export const nodeAudits = pgTable(
  'node_audits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The audited node (gpu_nodes.node_id, its public id). */
    nodeId: varchar('node_id', { length: 100 })
      .notNull()
      .references(() => gpuNodes.nodeId),
    /** The checked task: the user's task for an audit, the canary's own task id for a canary. */
    taskId: uuid('task_id').notNull(),
    kind: text('kind').$type<NodeAuditKind>().notNull(),
    passed: boolean('passed').notNull(),
    /** 0x-prefixed keccak256 of the canonical (sorted-key) JSON of the evidence. */
    evidenceHash: varchar('evidence_hash', { length: 66 }).notNull(),
    /** The evidence itself: prompt, both answers, where they diverge, the reference or auditor. */
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    /** The node that re-ran the task (audits) or the nodes that agreed on the reference (canaries). */
    auditorNodeId: varchar('auditor_node_id', { length: 100 }),
    /** What the re-run cost the treasury (paid to the auditing node), in wei. */
    costFarWei: wei('cost_far_wei').notNull().default(sql`0`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_node_audits_node_created').on(t.nodeId, t.createdAt),
    index('idx_node_audits_evidence').on(t.evidenceHash),
  ],
);

export type NodeAudit = typeof nodeAudits.$inferSelect;
export type NewNodeAudit = typeof nodeAudits.$inferInsert;
