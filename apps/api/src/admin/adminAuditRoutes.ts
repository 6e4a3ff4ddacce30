import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/appEnv.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { ALL_OPERATOR_ROLES } from './adminAccessRoutes.js';
import { formatAdminAuditExport, toAdminAuditView } from './formatAdminAuditExport.js';
import { listAdminAuditLog } from './listAdminAuditLog.js';
import { readAdminQuery } from './readAdminBody.js';
import { requireRole } from './requireRole.js';

const FiltersSchema = z.object({
  actor: z.string().max(42).optional(),
  action: z.string().max(100).optional(),
  target: z.string().max(200).optional(),
  from: z.iso
    .datetime({ offset: true })
    .transform((at) => new Date(at))
    .optional(),
  to: z.iso
    .datetime({ offset: true })
    .transform((at) => new Date(at))
    .optional(),
});

/** The longest export in one response. */
const EXPORT_LIMIT = 50_000;

/**
 * `GET /api/admin/audit` (the audit log, newest first, filtered, paged by `before`) and
 * `GET /api/admin/audit/export?format=csv|jsonl` (the same filters, as a download). Every role may
 * read the log; nobody may change it (there is no route for that, and the table refuses it).
 *
 * @example
 * app.route('/', adminAuditRoutes(options));
 */
export function adminAuditRoutes(options: AdminRoutesOptions) {
  const { db } = options;
  const app = new Hono<AppEnv>();
  app.get('/api/admin/audit', requireRole(db, ...ALL_OPERATOR_ROLES), async (c) => {
    const query = readAdminQuery(
      c,
      FiltersSchema.extend({
        before: z.coerce.bigint().positive().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    );
    const rows = await listAdminAuditLog(db, { ...query, beforeId: query.before });
    const last = rows.at(-1);
    return c.json({
      data: rows.map(toAdminAuditView),
      next: rows.length === query.limit && last ? last.id.toString() : null,
    });
  });
  app.get('/api/admin/audit/export', requireRole(db, ...ALL_OPERATOR_ROLES), async (c) => {
    const query = readAdminQuery(
      c,
      FiltersSchema.extend({ format: z.enum(['csv', 'jsonl']).default('csv') }),
    );
    const rows = await listAdminAuditLog(db, { ...query, limit: EXPORT_LIMIT });
    const body = formatAdminAuditExport(rows, query.format);
    const type = query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
    return c.body(body, 200, {
      'Content-Type': type,
      'Content-Disposition': `attachment; filename="far-admin-audit.${query.format}"`,
    });
  });
  return app;
}
