import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDb, settlementBatches, type TestDbHandle } from '@far/db';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createDbNonceStore } from '../src/auth/nonceStore.js';
import { createMemoryRateLimiter } from '../src/auth/rateLimiter.js';
import { chainRoutes } from '../src/chain/chainRoutes.js';
import { type Env, parseConfig } from '../src/config/parseConfig.js';
import { createLogger } from '../src/observability/createLogger.js';
import { createMetrics } from '../src/observability/createMetrics.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';
import { TEST_JWT_SECRET } from './support/createTestApp.js';

const TOKEN = 'operator-token-operator-token-0123';
const operator = { authorization: `Bearer ${TOKEN}` };
/** Text that must not reach the public: an internal address and a wallet. */
const RPC_FAILURE = 'connect ECONNREFUSED 10.0.3.4:8545';
const BATCH_FAILURE =
  'The contract reverted: SpendingCapExceeded(0x70997970C51812dc3A010C7d01b50e0d17dc79C8, 5, 3) via http://10.0.3.4:8545';

let testDb: TestDbHandle;
let bed: ChainTestbed;
beforeAll(async () => {
  testDb = await createTestDb();
  bed = await createChainTestbed();
  await testDb.db.insert(settlementBatches).values({
    batchNumber: 1n,
    periodStart: new Date('2026-01-01T00:00:00Z'),
    periodEnd: new Date('2026-01-01T00:01:00Z'),
    status: 'failed',
    error: BATCH_FAILURE,
  });
});
afterAll(async () => {
  await testDb?.close();
});

/** The app with the chain routes, a chain readiness check that fails, and `env` on top of the test config. */
function appWith(env: Partial<Record<keyof Env, string>>) {
  return createApp({
    config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }),
    db: testDb.db,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    nonces: createDbNonceStore(testDb.db),
    rateLimiter: createMemoryRateLimiter(),
    jwtSecret: TEST_JWT_SECRET,
    readiness: {
      database: () => testDb.ping(),
      chain: async () => {
        throw new Error(RPC_FAILURE);
      },
    },
    routes: (root, { requireCaller }) =>
      root.route(
        '/',
        chainRoutes({
          db: testDb.db,
          deployments: bed.deployments,
          publicClient: bed.publicClient,
          requireCaller,
          rpcUrl: 'http://127.0.0.1:8545',
        }),
      ),
  });
}

describe('with OPERATOR_TOKEN set', () => {
  let app: ReturnType<typeof createApp>;
  beforeAll(() => {
    app = appWith({ OPERATOR_TOKEN: TOKEN });
  });

  it('serves /metrics to the operator token only', async () => {
    const anonymous = await app.request('/metrics');
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toContain('far_http_requests_total');
    expect((await app.request('/metrics', { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(
      401,
    );
    const scraped = await app.request('/metrics', { headers: operator });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await scraped.text()).toContain('far_http_requests_total');
  });

  it('tells the public which readiness check failed, and the operator why', async () => {
    const anonymous = await app.request('/ready');
    expect(anonymous.status).toBe(503);
    const publicText = await anonymous.text();
    expect(publicText).not.toContain('10.0.3.4');
    expect(JSON.parse(publicText)).toMatchObject({
      status: 'not_ready',
      checks: { database: { ok: true }, chain: { ok: false } },
    });
    const detailed = (await (await app.request('/ready', { headers: operator })).json()) as {
      checks: { chain: { error: string } };
    };
    expect(detailed.checks.chain.error).toBe(RPC_FAILURE);
  });

  it('lists settlement batches publicly with a stable error code, the error text to the operator only', async () => {
    const anonymous = await app.request('/api/settlement/batches');
    expect(anonymous.status).toBe(200);
    const publicText = await anonymous.text();
    expect(publicText).not.toContain('10.0.3.4');
    expect(publicText).not.toContain('0x70997970');
    const [batch] = (JSON.parse(publicText) as { data: Record<string, unknown>[] }).data;
    expect(batch).toMatchObject({ batchNumber: '1', status: 'failed', errorCode: 'SpendingCapExceeded' });
    expect(batch).not.toHaveProperty('error');

    const detailed = (await (await app.request('/api/settlement/batches', { headers: operator })).json()) as {
      data: Record<string, unknown>[];
    };
    expect(detailed.data[0]).toMatchObject({ errorCode: 'SpendingCapExceeded', error: BATCH_FAILURE });
  });
});

describe('the per-IP rate limit', () => {
  it('counts /metrics and /ready like any route, and never refuses /health', async () => {
    const app = appWith({ OPERATOR_TOKEN: TOKEN, RATE_LIMIT_IP_PER_MINUTE: '2' });
    const statuses = [];
    for (const path of ['/metrics', '/ready', '/metrics', '/ready', '/health']) {
      statuses.push((await app.request(path, { headers: operator })).status);
    }
    expect(statuses).toEqual([200, 503, 429, 429, 200]);
  });
});

describe('without OPERATOR_TOKEN, as npm start runs', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = serve({ fetch: appWith({}).fetch, hostname: '127.0.0.1', port: 0 }) as Server;
    await new Promise<void>((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('serves /metrics to a scraper on this host', async () => {
    const scraped = await fetch(`${url}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('far_http_requests_total');
  });

  it('refuses /metrics to a request a proxy forwarded, though the proxy is on this host', async () => {
    expect((await fetch(`${url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(
      401,
    );
    expect((await fetch(`${url}/metrics`, { headers: { 'x-forwarded-host': 'far.example' } })).status).toBe(
      401,
    );
  });
});
