import { OpenAPIHono } from '@hono/zod-openapi';
import { adminUserActivityRoutes } from '../account/adminUserActivityRoutes.js';
import type { AppEnv } from '../http/appEnv.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { adminAccessRoutes } from './adminAccessRoutes.js';
import { adminAuditRoutes } from './adminAuditRoutes.js';
import { adminChainRoutes } from './adminChainRoutes.js';
import { adminHealthRoutes } from './adminHealthRoutes.js';
import { adminModelRoutes } from './adminModelRoutes.js';
import { adminNodeRoutes } from './adminNodeRoutes.js';
import { adminSettlementRoutes } from './adminSettlementRoutes.js';
import { adminSlashRoutes } from './adminSlashRoutes.js';
import { adminUserRoutes } from './adminUserRoutes.js';
import { requireRole } from './requireRole.js';

/**
 * Every operator-console route under `/api/admin/*`: a wallet session first (`requireCaller`), then
 * each route's own role check (`requireRole`), so no console route is reachable without its role.
 * Documented in `/openapi.json` under the `admin` tag (the web console calls them through the typed client).
 *
 * @example
 * root.route('/', adminRoutes({ db, requireCaller, nonces, chainId, registry }));
 */
export function adminRoutes(options: AdminRoutesOptions) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/admin/*', options.requireCaller);
  app.route('/', adminAccessRoutes(options));
  app.route('/', adminHealthRoutes(options));
  app.route('/', adminAuditRoutes(options));
  app.route('/', adminNodeRoutes(options));
  app.route('/', adminModelRoutes(options));
  app.route('/', adminUserRoutes(options));
  app.route(
    '/',
    adminUserActivityRoutes({ db: options.db, requireOperator: requireRole(options.db, 'operator') }),
  );
  app.route('/', adminSettlementRoutes(options));
  app.route('/', adminChainRoutes(options));
  app.route('/', adminSlashRoutes(options));
  return app;
}
