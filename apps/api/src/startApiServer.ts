import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { devAccount } from '@far/contracts';
import { serve } from '@hono/node-server';
import { grantOperatorRole } from './admin/grantOperatorRole.js';
import { seedLocalOperatorRoles } from './admin/seedLocalOperatorRoles.js';
import { createApp } from './app.js';
import { createDbNonceStore, createRedisNonceStore } from './auth/nonceStore.js';
import { createMemoryRateLimiter, createRedisRateLimiter } from './auth/rateLimiter.js';
import { loadJwtSecret } from './config/loadJwtSecret.js';
import type { Config } from './config/parseConfig.js';
import { createReadinessChecks } from './http/createReadinessChecks.js';
import { trackRequestsInFlight } from './http/trackRequestsInFlight.js';
import { withDirectResponses } from './http/withDirectResponses.js';
import { mountCoreRoutes } from './mountCoreRoutes.js';
import { attachRealtime } from './realtime/attachRealtime.js';
import { createServices } from './services/createServices.js';
import { openPlatformCore, type PlatformCoreOverrides } from './services/openPlatformCore.js';
import { platformServices } from './services/platformServices.js';
import { startChainWorkers } from './startChainWorkers.js';

export type StartApiServerOptions = {
  /**
   * Run the chain workers and the services' background work in this process too (default true:
   * one process does everything, as `npm start` and the tests want). The `api` role of a
   * deployment sets false and leaves them to the leading `worker`.
   */
  background?: boolean;
};

/**
 * The composition root: opens the platform core (database, Redis and the bus, the chain, the node
 * gateway), builds the services on it, the app, listens, and starts the chain's workers and the
 * services' background work. Used by `main.ts` and by integration tests.
 *
 * @returns the listening URL, the parts tests look into, and `close()`, which stops everything in order.
 */
export async function startApiServer(
  config: Config,
  overrides: PlatformCoreOverrides = {},
  options: StartApiServerOptions = {},
) {
  const opened = await openPlatformCore(config, overrides);
  const { core, redis } = opened;
  const { db, bus, chain, deployments, logger, nodes: gateway, coordinator: walletClient } = core;
  const services = await createServices(platformServices, core);
  const jwtSecret = loadJwtSecret(config);
  const nonces = redis ? createRedisNonceStore(redis) : createDbNonceStore(db);
  if (config.SEED_LOCAL_OPERATOR_ROLES) {
    const granted = await seedLocalOperatorRoles(db, (index) => devAccount(index).address);
    logger.info({ granted }, 'local operator roles granted to dev accounts #10–#13');
  }
  for (const wallet of config.CONSOLE_ADMIN_WALLETS?.split(',') ?? [])
    await grantOperatorRole(db, { walletAddress: wallet.trim(), role: 'admin', grantedBy: 'config' });
  // Set once the chain workers start (after the app is built): the console's settlement retry.
  let workers: ReturnType<typeof startChainWorkers> | undefined;
  const app = createApp({
    config,
    db,
    logger,
    metrics: core.metrics,
    nonces,
    rateLimiter: redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter(),
    jwtSecret,
    readiness: createReadinessChecks({
      ping: () => opened.database.ping(),
      chain,
      chainId: config.CHAIN_ID,
      redis,
    }),
    routes: (root, { requireCaller }) => {
      services.mountRoutes(root, { requireCaller });
      mountCoreRoutes(root, {
        config,
        db,
        chain,
        deployments,
        walletClient,
        nodes: gateway,
        farUsdPrice: core.farUsdPrice,
        minAuthorizationValiditySeconds: opened.minAuthorizationValiditySeconds,
        requireCaller,
        logger,
        nonces,
        settleNow: () => {
          if (!workers?.batcher) throw new Error('no settlement batcher in this process');
          return workers.batcher.settleOnce();
        },
      });
    },
  });
  const fetch = withDirectResponses(app.fetch);
  const server = serve({ fetch, hostname: config.HOST, port: config.PORT }) as Server;
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const requests = trackRequestsInFlight(server);
  const realtime = await attachRealtime({
    server,
    bus,
    db,
    jwtSecret,
    webOrigin: config.WEB_ORIGIN,
    redisUrl: config.REDIS_URL,
    logger: logger.child({ part: 'realtime' }),
  });
  // Nodes join on /v1/nodes/connect; socket.io and /ws/inference/{taskId} upgrade themselves;
  // any other upgrade is refused rather than left hanging.
  server.on('upgrade', (req, socket, head) => {
    if (gateway.handleUpgrade(req, socket, head) || realtime.ownsUpgrade(req)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  // The `api` role leaves this work to the one leading `worker` (see roles/startWorker).
  const background = options.background ?? true;
  workers = background
    ? startChainWorkers({
        config,
        db,
        bus,
        chain,
        deployments,
        walletClient,
        logger,
        metrics: core.metrics,
        nodes: gateway,
      })
    : undefined;
  if (background) await services.start();

  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  logger.info({ url, database: opened.database.kind, redis: Boolean(redis) }, 'far-api listening');

  return {
    url,
    app,
    db,
    gateway,
    logger,
    indexer: workers?.indexer,
    batcher: workers?.batcher,
    /**
     * Stops everything in order. With `drainMs` (SIGTERM in main.ts), the server first stops
     * accepting connections and lets requests in flight (a streamed completion) finish for up to
     * that long before sockets and node links are closed.
     */
    async close(options: { drainMs?: number } = {}) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (options.drainMs) await requests.drained(options.drainMs);
      await services.close();
      await workers?.stop();
      await realtime.close();
      await gateway.close();
      server.closeAllConnections();
      await closed;
      await opened.close();
    },
  };
}
