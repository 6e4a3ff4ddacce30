import { adminAuditLog, type Db } from '@far/db';
import { and, eq, isNull } from 'drizzle-orm';
import { BaseError } from '../errors/BaseError.js';
import { auditRowOf } from './auditRowOf.js';
import type { RecordAdminActionInput } from './recordAdminAction.js';

/**
 * Writes a `pending` audit row for an action that happens outside the database (a transaction from
 * the operator's wallet, a settlement round), BEFORE it happens: when this throws, the caller must
 * not go on, so nothing is ever done without its row.
 *
 * @returns the row's id, to complete with {@link completeAdminIntent}.
 * @example
 * const id = await recordAdminIntent(db, { ...actor, action: 'contract.pause', target: 'farStaking' }, { paused: false });
 */
export async function recordAdminIntent(
  db: Db,
  input: RecordAdminActionInput,
  before: unknown,
): Promise<bigint> {
  const [row] = await db
    .insert(adminAuditLog)
    .values({ ...auditRowOf(input, before), status: 'pending' })
    .returning({ id: adminAuditLog.id });
  if (!row) throw new Error('admin_audit_log insert returned no row');
  return row.id;
}

/**
 * Completes a pending audit row once: its outcome, the values after, and the chain transaction if
 * any (the table refuses any other change, and a second completion).
 *
 * @throws BaseError `conflict` when the row is not pending any more.
 */
export async function completeAdminIntent(
  db: Db,
  id: bigint,
  outcome: { status: 'done' | 'failed'; after: unknown; txHash?: string | undefined },
): Promise<void> {
  const updated = await db
    .update(adminAuditLog)
    .set({
      status: outcome.status,
      after: outcome.after ?? null,
      txHash: outcome.txHash ?? null,
      completedAt: new Date(),
    })
    .where(and(eq(adminAuditLog.id, id), isNull(adminAuditLog.completedAt)))
    .returning({ id: adminAuditLog.id });
  if (updated.length === 0) throw new BaseError('conflict', `Audit row ${id} is not pending`);
}
