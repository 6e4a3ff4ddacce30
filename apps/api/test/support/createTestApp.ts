import { randomUUID } from 'node:crypto';
import { createTestDb, type Db as TestDb } from '@far/db';
import { Redis } from 'ioredis';
import { type AppDeps, createApp } from '../../src/app.js';
import { createDbNonceStore, createRedisNonceStore } from '../../src/auth/nonceStore.js';
import { createMemoryRateLimiter, createRedisRateLimiter } from '../../src/auth/rateLimiter.js';
import { type Env, parseConfig } from '../../src/config/parseConfig.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { createMetrics } from '../../src/observability/createMetrics.js';

export const TEST_JWT_SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret!');

/**
 * The real app over a fresh database (Postgres when DATABASE_URL is set, PGlite otherwise)
 * and Redis when REDIS_URL is set (a private namespace per app), with no port opened.
 */
export async function createTestApp(
  env: Partial<Record<keyof Env, string>> = {},
  /** A service's routes to mount beside the core's, built over the test database. */
  mount?: (db: TestDb) => NonNullable<AppDeps['routes']>,
) {
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    REDIS_URL: process.env.REDIS_URL,
    DATABASE_URL: process.env.DATABASE_URL,
    ...env,
  });
  const database = await createTestDb();
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL) : undefined;
  const namespace = `far-test-${randomUUID()}`;
  const app = createApp({
    config,
    db: database.db,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    nonces: redis ? createRedisNonceStore(redis) : createDbNonceStore(database.db),
    rateLimiter: redis ? createRedisRateLimiter(redis, namespace) : createMemoryRateLimiter(),
    jwtSecret: TEST_JWT_SECRET,
    readiness: { database: () => database.ping(), ...(redis ? { redis: () => redis.ping() } : {}) },
    ...(mount ? { routes: mount(database.db) } : {}),
  });
  return {
    app,
    db: database.db,
    config,
    async close() {
      redis?.disconnect();
      await database.close();
    },
  };
}
