import { bigserial, index, jsonb, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';

/**
 * Every operator-console action (issue 19): who, with which role, did what to which target, why, and
 * the values before and after. Append-only: the migration adds a trigger that refuses DELETE and
 * every UPDATE except the one that completes a chain action's row (fills `tx_hash`, `after`,
 * `completed_at` once, nothing else changes).
 */
export const adminAuditLog = pgTable(
  'admin_audit_log',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    /** Lowercase 0x address of the operator. */
    actorWallet: varchar('actor_wallet', { length: 42 }).notNull(),
    /** The role the action was allowed under. */
    role: text('role').notNull(),
    /** A stable action name, e.g. `node.suspend`, `staking.fundReserve`. */
    action: text('action').notNull(),
    /** What it acted on: a node id, a wallet, a model id, a contract name. */
    target: text('target').notNull(),
    reason: text('reason').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    /** The operator's fresh EIP-712 signature, for money-moving and pausing actions. */
    signature: text('signature'),
    /** The chain transaction, for actions sent from the operator's wallet. */
    txHash: varchar('tx_hash', { length: 66 }),
    /** `done` for database actions; a chain action is `pending` until its receipt is verified. */
    status: text('status').$type<AdminAuditStatus>().notNull().default('done'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('idx_admin_audit_log_created').on(t.createdAt),
    index('idx_admin_audit_log_actor').on(t.actorWallet),
    index('idx_admin_audit_log_target').on(t.target),
  ],
);

/** A row's state: database actions are `done` at once; chain actions go `pending` → `done` | `failed`. */
export type AdminAuditStatus = 'pending' | 'done' | 'failed';
export type AdminAuditRecord = typeof adminAuditLog.$inferSelect;
