import type { adminAuditLog } from '@far/db';
import type { RecordAdminActionInput } from './recordAdminAction.js';

/** The columns every audit row takes from who acted and on what; status and outcome are the writer's. */
export type AuditRowBase = Pick<
  typeof adminAuditLog.$inferInsert,
  'actorWallet' | 'role' | 'action' | 'target' | 'reason' | 'before' | 'signature'
>;

/**
 * The part of an `admin_audit_log` row that a console action's input decides, shared by the
 * database actions' rows (`recordAdminAction`) and the pending rows of actions done elsewhere
 * (`recordAdminIntent`), so both record an actor the same way.
 *
 * @param input - who, under which role, what, on what, why, and the fresh signature if any.
 * @param before - the value before the action (null when there is none).
 * @returns the row's columns, without status and outcome.
 * @example
 * await db.insert(adminAuditLog).values({ ...auditRowOf(input, before), status: 'pending' });
 */
export function auditRowOf(input: RecordAdminActionInput, before: unknown): AuditRowBase {
  return {
    actorWallet: input.wallet,
    role: input.role,
    action: input.action,
    target: input.target,
    reason: input.reason,
    before: before ?? null,
    signature: input.signature ?? null,
  };
}
