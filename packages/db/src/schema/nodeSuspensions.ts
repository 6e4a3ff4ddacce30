import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { gpuNodes } from './gpuNodes.js';

/**
 * Every suspension of a node, by an operator or by the system (repeated audit strikes), and its
 * lifting. At most one is open (not lifted) per node; while it is, `gpu_nodes.status` is
 * `suspended` and the node is refused on every join.
 */
export const nodeSuspensions = pgTable(
  'node_suspensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    nodeId: varchar('node_id', { length: 100 })
      .notNull()
      .references(() => gpuNodes.nodeId),
    reason: text('reason').notNull(),
    /** The operator's lower-cased wallet, or `system` for an automatic suspension. */
    actor: varchar('actor', { length: 42 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    liftedAt: timestamp('lifted_at', { withTimezone: true }),
    liftedBy: varchar('lifted_by', { length: 42 }),
    liftReason: text('lift_reason'),
  },
  (t) => [
    index('idx_node_suspensions_node').on(t.nodeId, t.createdAt),
    uniqueIndex('uq_node_suspensions_open').on(t.nodeId).where(sql`${t.liftedAt} is null`),
  ],
);

export type NodeSuspension = typeof nodeSuspensions.$inferSelect;
