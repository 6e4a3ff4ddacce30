import { NodeCloseCode } from '@far/protocol';
import { generatePrivateKey } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { adminRoutes } from '../src/admin/adminRoutes.js';
import { grantOperatorRole } from '../src/admin/grantOperatorRole.js';
import { createApp } from '../src/app.js';
import { signAccessToken } from '../src/auth/accessToken.js';
import { createDbNonceStore } from '../src/auth/nonceStore.js';
import { createMemoryRateLimiter } from '../src/auth/rateLimiter.js';
import { upsertUser } from '../src/auth/upsertUser.js';
import { parseConfig } from '../src/config/parseConfig.js';
import { createLogger } from '../src/observability/createLogger.js';
import { createMetrics } from '../src/observability/createMetrics.js';
import { TEST_JWT_SECRET } from './support/createTestApp.js';
import { type TestGatewayEnv, useNodeGatewayFixtures } from './support/nodeGatewayFixtures.js';

const fx = useNodeGatewayFixtures();
const OPERATOR = '0x71be63f3384f5fb98995898a86b02fb2426c5788';

/** The console over the gateway's database and live nodes, and the operator's session header. */
async function consoleFor(env: TestGatewayEnv) {
  const db = fx.db;
  const app = createApp({
    config: parseConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
    db,
    logger: createLogger('silent'),
    metrics: createMetrics(),
    nonces: createDbNonceStore(db),
    rateLimiter: createMemoryRateLimiter(),
    jwtSecret: TEST_JWT_SECRET,
    readiness: {},
    routes: (root, { requireCaller }) =>
      root.route(
        '/',
        adminRoutes({
          db,
          requireCaller,
          nonces: createDbNonceStore(db),
          chainId: 31337,
          registry: env.gateway.registry,
          liveSuspender: env.gateway,
        }),
      ),
  });
  const user = await upsertUser(db, OPERATOR);
  await grantOperatorRole(db, { walletAddress: OPERATOR, role: 'operator', grantedBy: 'system' });
  const { token } = await signAccessToken(TEST_JWT_SECRET, { userId: user.id, walletAddress: OPERATOR });
  const post = (path: string, body: unknown) =>
    app.request(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  return { post };
}

describe('suspending a node from the console', () => {
  it('disconnects it and it receives no task until the console resumes it', async () => {
    const env = await fx.startGateway();
    const key = generatePrivateKey();
    const { client, nodeId } = await fx.joinNode(env, { key });
    fx.serveTasks(client, ['Hello']);
    expect(await fx.collect(await env.gateway.dispatch(fx.task()))).not.toHaveLength(0);
    const { post } = await consoleFor(env);

    const suspended = await post(`/api/admin/nodes/${nodeId}/suspend`, {
      reason: 'wrong answers to canaries',
    });
    expect(suspended.status).toBe(200);
    expect(await client.closed).toBe(NodeCloseCode.suspended);
    await expect(env.gateway.dispatch(fx.task())).rejects.toMatchObject({ code: 'no_node_available' });

    const resumed = await post(`/api/admin/nodes/${nodeId}/resume`, { reason: 'operator fixed the weights' });
    expect(resumed.status).toBe(200);
    const rejoined = await fx.joinNode(env, { key, nodeId });
    fx.serveTasks(rejoined.client, ['Back']);
    expect(await fx.collect(await env.gateway.dispatch(fx.task()))).not.toHaveLength(0);
  });
});
