import { adminAuditLog, type Db } from '@far/db';
import type { AdminActor } from './AdminActor.js';
import { auditRowOf } from './auditRowOf.js';

/** What a database action reports for its audit row, and returns to its caller. */
export type AdminActionOutcome<T> = {
  before: unknown;
  after: unknown;
  result: T;
};

export type RecordAdminActionInput = AdminActor & {
  action: string;
  target: string;
  /** The fresh EIP-712 signature, for actions that need one. */
  signature?: string;
};

/**
 * Runs a database console action and writes its audit row in ONE transaction: when the row cannot be
 * written, the action rolls back with it, so no action is ever left unaudited.
 *
 * @param db The database.
 * @param input Who, under which role, what, on what, why.
 * @param perform The action, on the transaction; returns the before/after values and its result.
 * @returns the action's result and the audit row's id.
 * @example
 * await recordAdminAction(db, { ...actor, action: 'node.suspend', target: nodeId }, async (tx) => {
 *   const before = await readNode(tx, nodeId); await suspend(tx); return { before, after: …, result: … };
 * })
 */
export async function recordAdminAction<T>(
  db: Db,
  input: RecordAdminActionInput,
  perform: (tx: Db) => Promise<AdminActionOutcome<T>>,
): Promise<{ result: T; auditId: bigint }> {
  return db.transaction(async (tx) => {
    const outcome = await perform(tx);
    const [row] = await tx
      .insert(adminAuditLog)
      .values({
        ...auditRowOf(input, outcome.before),
        after: outcome.after ?? null,
        status: 'done',
        completedAt: new Date(),
      })
      .returning({ id: adminAuditLog.id });
    if (!row) throw new Error('admin_audit_log insert returned no row');
    return { result: outcome.result, auditId: row.id };
  });
}
