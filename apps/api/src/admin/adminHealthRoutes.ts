import { Hono } from 'hono';
import type { AppEnv } from '../http/appEnv.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { ALL_OPERATOR_ROLES } from './adminAccessRoutes.js';
import { readNetworkHealth } from './readNetworkHealth.js';
import { requireRole } from './requireRole.js';

/**
 * `GET /api/admin/health`: nodes online by model, queue depth, error rate, settlement lag, indexer
 * lag and the ledger audit, for any role.
 *
 * @example
 * app.route('/', adminHealthRoutes(options));
 */
export function adminHealthRoutes(options: AdminRoutesOptions) {
  const app = new Hono<AppEnv>();
  app.get('/api/admin/health', requireRole(options.db, ...ALL_OPERATOR_ROLES), async (c) =>
    c.json(
      await readNetworkHealth({
        db: options.db,
        registry: options.registry,
        chain: options.chain,
        deployments: options.deployments,
        confirmations: options.indexerConfirmations,
      }),
    ),
  );
  return app;
}
