import type { AddressInfo } from 'node:net';
import { createDb } from '@far/db';
import { serve } from '@hono/node-server';
import { Redis } from 'ioredis';
import { createPublicClient, http } from 'viem';
import { createApp } from './app.js';
import { createDbNonceStore, createRedisNonceStore } from './auth/nonceStore.js';
import { createMemoryRateLimiter, createRedisRateLimiter } from './auth/rateLimiter.js';
import { loadJwtSecret } from './config/loadJwtSecret.js';
import type { Config } from './config/parseConfig.js';
import type { ReadinessCheck } from './http/healthRoutes.js';
import { createLogger } from './observability/createLogger.js';
import { createMetrics } from './observability/createMetrics.js';

/**
 * The composition root: opens the database (PGlite or Postgres), Redis when configured, the
 * chain client, builds the app and listens. Used by `main.ts` and by integration tests.
 *
 * @returns the listening URL and a `close()` that stops everything in order.
 */
export async function startApiServer(config: Config) {
  const logger = createLogger(config.LOG_LEVEL);
  const metrics = createMetrics();
  const database = await createDb(
    config.DATABASE_URL ? { url: config.DATABASE_URL } : { dataDir: `${config.DATA_DIR}/pglite` },
  );
  await database.migrate();
  const redis = config.REDIS_URL
    ? new Redis(config.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 })
    : undefined;
  const chain = createPublicClient({
    transport: http(config.CHAIN_RPC_URL, { timeout: 2_000, retryCount: 0 }),
  });

  const readiness: Record<string, ReadinessCheck> = {
    database: () => database.ping(),
    chain: async () => {
      const id = await chain.getChainId();
      if (id !== config.CHAIN_ID) throw new Error(`chain id ${id}, expected ${config.CHAIN_ID}`);
    },
  };
  if (redis) readiness.redis = () => redis.ping();

  const app = createApp({
    config,
    db: database.db,
    logger,
    metrics,
    nonces: redis ? createRedisNonceStore(redis) : createDbNonceStore(database.db),
    rateLimiter: redis ? createRedisRateLimiter(redis) : createMemoryRateLimiter(),
    jwtSecret: loadJwtSecret(config),
    readiness,
  });

  const server = serve({ fetch: app.fetch, hostname: config.HOST, port: config.PORT });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  logger.info({ url, database: database.kind, redis: Boolean(redis) }, 'far-api listening');

  return {
    url,
    app,
    db: database.db,
    logger,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis?.disconnect();
      await database.close();
    },
  };
}
