import { createRoute, z } from '@hono/zod-openapi';
import { jsonBody } from '../http/openapi.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { ALL_OPERATOR_ROLES } from './adminAccessRoutes.js';
import { ADMIN_ROUTE, adminErrorResponses, createAdminRouter, DecimalIdSchema } from './adminOpenApi.js';
import { formatAdminAuditExport, toAdminAuditView } from './formatAdminAuditExport.js';
import { listAdminAuditLog } from './listAdminAuditLog.js';
import { requireRole } from './requireRole.js';

const At = z.iso
  .datetime({ offset: true })
  .transform((at) => new Date(at))
  .optional();

const FiltersSchema = z.object({
  actor: z.string().max(42).optional().openapi({ description: 'The acting wallet' }),
  action: z.string().max(100).optional().openapi({ description: 'e.g. node.suspend' }),
  target: z.string().max(200).optional(),
  from: At,
  to: At,
});

const AuditRowSchema = z.object({
  id: z.string(),
  actorWallet: z.string(),
  role: z.string(),
  action: z.string(),
  target: z.string(),
  reason: z.string(),
  before: z.unknown().openapi({ description: 'The values before the action' }),
  after: z.unknown().openapi({ description: 'The values after (null while a chain action is pending)' }),
  signature: z.string().nullable(),
  txHash: z.string().nullable(),
  status: z.string().openapi({ description: 'done, pending (a chain action not yet mined) or failed' }),
  createdAt: z.iso.datetime(),
  completedAt: z.iso.datetime().nullable(),
});

const listRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/audit',
  summary: 'The audit log, newest first, filtered; page with ?before=<next>',
  request: {
    query: FiltersSchema.extend({
      before: DecimalIdSchema.optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: jsonBody(z.object({ data: z.array(AuditRowSchema), next: z.string().nullable() }), 'Audit rows'),
    ...adminErrorResponses,
  },
});

const exportRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/audit/export',
  summary: 'The audit log as a CSV or JSON Lines download, with the same filters',
  request: { query: FiltersSchema.extend({ format: z.enum(['csv', 'jsonl']).default('csv') }) },
  responses: {
    200: {
      description: 'The rows, oldest last',
      content: {
        'text/csv': { schema: z.string() },
        'application/x-ndjson': { schema: z.string() },
      },
    },
    ...adminErrorResponses,
  },
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
  const app = createAdminRouter();
  const anyRole = requireRole(db, ...ALL_OPERATOR_ROLES);
  app.openapi({ ...listRoute, middleware: [anyRole] }, async (c) => {
    const query = c.req.valid('query');
    const beforeId = query.before === undefined ? undefined : BigInt(query.before);
    const rows = await listAdminAuditLog(db, { ...query, beforeId });
    const last = rows.at(-1);
    return c.json(
      {
        data: rows.map(toAdminAuditView),
        next: rows.length === query.limit && last ? last.id.toString() : null,
      },
      200,
    );
  });
  app.openapi({ ...exportRoute, middleware: [anyRole] }, async (c) => {
    const query = c.req.valid('query');
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
