import { type AdminAuditRecord, adminAuditLog, type Db } from '@far/db';
import { and, desc, eq, gte, like, lt, lte, type SQL } from 'drizzle-orm';

/** Filters of the audit log view and export; every one optional. */
export type AdminAuditFilters = {
  actor?: string | undefined;
  /** An action name, or a prefix ending in `.` (`node.` for every node action). */
  action?: string | undefined;
  target?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Rows with a smaller id (the next page). */
  beforeId?: bigint | undefined;
  limit: number;
};

/**
 * Reads the audit log, newest first.
 *
 * @param db The database.
 * @param filters Who, what, on what, when; `limit` rows.
 * @returns the rows.
 * @example
 * await listAdminAuditLog(db, { action: 'node.', limit: 50 })
 */
export async function listAdminAuditLog(db: Db, filters: AdminAuditFilters): Promise<AdminAuditRecord[]> {
  const where: SQL[] = [];
  if (filters.actor) where.push(eq(adminAuditLog.actorWallet, filters.actor.toLowerCase()));
  if (filters.action)
    where.push(
      filters.action.endsWith('.')
        ? like(adminAuditLog.action, `${filters.action.replace(/[%_\\]/g, '\\$&')}%`)
        : eq(adminAuditLog.action, filters.action),
    );
  if (filters.target) where.push(eq(adminAuditLog.target, filters.target));
  if (filters.from) where.push(gte(adminAuditLog.createdAt, filters.from));
  if (filters.to) where.push(lte(adminAuditLog.createdAt, filters.to));
  if (filters.beforeId !== undefined) where.push(lt(adminAuditLog.id, filters.beforeId));
  return db
    .select()
    .from(adminAuditLog)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(adminAuditLog.id))
    .limit(filters.limit);
}
