import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLeaderLock } from '@far/db';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { Config } from '../config/parseConfig.js';
import { isOperatorRequest } from '../http/isOperatorRequest.js';
import { startWorkerMonitoring } from '../observability/startWorkerMonitoring.js';
import { createServices } from '../services/createServices.js';
import { openPlatformCore, type PlatformCoreOverrides } from '../services/openPlatformCore.js';
import { platformServices } from '../services/platformServices.js';
import { startChainWorkers } from '../startChainWorkers.js';

/** The advisory lock the `worker` role's leader holds; the same number in every worker. */
const WORKER_LEADER_LOCK_ID = 7_301_944_116n;

/**
 * The `worker` role: the chain indexer, the settlement batcher and every service's background work
 * (recovery sweep, chain followers, timers), run by exactly one process. Each worker opens the
 * platform core and asks for the leader lock; the leader starts the work, the others wait as hot
 * standbys. A leader that loses its lock calls `onLost` (main exits, so the orchestrator restarts
 * it as a standby) rather than risk two batchers settling the same charges. Serves `/health`
 * (with whether it leads) and `/metrics` (operators) on PORT for the orchestrator's checks.
 * On PGlite (one process, no shared database) it leads at once.
 *
 * @returns the listening URL, `isLeader()`, and `close()`, which stops the work and then gives up the lock.
 */
export async function startWorker(
  config: Config,
  options: { overrides?: PlatformCoreOverrides; onLost?: (error: Error) => void; pollMs?: number } = {},
) {
  const opened = await openPlatformCore(config, options.overrides);
  const { core } = opened;
  const logger = core.logger.child({ role: 'worker' });
  const lock = config.DATABASE_URL
    ? createLeaderLock({
        databaseUrl: config.DATABASE_URL,
        lockId: WORKER_LEADER_LOCK_ID,
        ...(options.pollMs ? { pollMs: options.pollMs } : {}),
      })
    : undefined;

  const app = new Hono();
  const leads = () => (lock ? lock.isLeader() : true);
  const monitoring = startWorkerMonitoring({ core, isLeader: leads });
  app.get('/health', (c) => c.json({ status: 'ok' as const, role: 'worker' as const, leader: leads() }));
  app.get('/metrics', async (c) => {
    if (!isOperatorRequest(c, config.OPERATOR_TOKEN)) return c.json({ error: { code: 'unauthorized' } }, 401);
    return c.text(await core.metrics.registry.metrics(), 200, {
      'Content-Type': core.metrics.registry.contentType,
    });
  });
  const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT }) as Server;
  await new Promise<void>((resolve) => server.once('listening', resolve));

  let work: { stop(): Promise<void> } | undefined;
  let closing = false;
  const lead = async () => {
    if (closing) return;
    logger.info('elected leader: starting the chain workers and services’ background work');
    const services = await createServices(platformServices, core);
    const chainWorkers = startChainWorkers({
      config,
      db: core.db,
      bus: core.bus,
      chain: core.chain,
      deployments: core.deployments,
      walletClient: core.coordinator,
      logger,
      metrics: core.metrics,
      nodes: core.nodes,
    });
    await services.start();
    void monitoring
      .runOnce()
      .catch((error: unknown) => logger.warn({ err: error }, 'first monitoring sample failed'));
    work = {
      async stop() {
        await services.close();
        await chainWorkers.stop();
      },
    };
  };
  if (lock) {
    logger.info('waiting for the worker leader lock (hot standby)');
    void lock.elected.then(lead);
    void lock.lost.then((error) => {
      if (closing) return;
      logger.error({ err: error }, 'lost the worker leader lock; stopping');
      options.onLost?.(error);
    });
  } else {
    await lead();
  }

  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  logger.info({ url, leader: leads() }, 'far-api worker listening');
  return {
    url,
    isLeader: leads,
    async close() {
      closing = true;
      monitoring.stop();
      await work?.stop();
      await lock?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await core.nodes.close();
      await opened.close();
    },
  };
}
