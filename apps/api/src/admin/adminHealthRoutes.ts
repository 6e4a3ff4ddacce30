import { createRoute, z } from '@hono/zod-openapi';
import { jsonBody } from '../http/openapi.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { ALL_OPERATOR_ROLES } from './adminAccessRoutes.js';
import { ADMIN_ROUTE, adminErrorResponses, createAdminRouter } from './adminOpenApi.js';
import { readNetworkHealth } from './readNetworkHealth.js';
import { requireRole } from './requireRole.js';

const NetworkHealthSchema = z.object({
  nodesOnline: z.number().int(),
  nodesOnlineByModel: z.record(z.string(), z.number().int()),
  queueDepth: z.record(z.string(), z.number().int()).openapi({ description: 'Tasks waiting, per model' }),
  errorRate: z.object({ rate: z.number(), failed: z.number().int(), finished: z.number().int() }),
  settlementLagSeconds: z.number(),
  indexerLagBlocks: z.number().int().nullable(),
  ledgerAudit: z.object({
    ok: z.boolean(),
    unbalancedTransactions: z.number().int(),
    driftedAccounts: z.number().int(),
    negativeAccounts: z.number().int(),
    reservationMismatches: z.number().int(),
  }),
  latestBatches: z.array(
    z.object({ batchNumber: z.string(), status: z.string(), createdAt: z.iso.datetime() }),
  ),
});

const healthRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/health',
  summary:
    'Network health: nodes online by model, queue depth, error rate, settlement and indexer lag, ledger audit',
  responses: { 200: jsonBody(NetworkHealthSchema, 'The network now'), ...adminErrorResponses },
});

/**
 * `GET /api/admin/health`: nodes online by model, queue depth, error rate, settlement lag, indexer
 * lag and the ledger audit, for any role.
 *
 * @example
 * app.route('/', adminHealthRoutes(options));
 */
export function adminHealthRoutes(options: AdminRoutesOptions) {
  const app = createAdminRouter();
  app.openapi({ ...healthRoute, middleware: [requireRole(options.db, ...ALL_OPERATOR_ROLES)] }, async (c) =>
    c.json(
      await readNetworkHealth({
        db: options.db,
        registry: options.registry,
        chain: options.chain,
        deployments: options.deployments,
        confirmations: options.indexerConfirmations,
      }),
      200,
    ),
  );
  return app;
}
