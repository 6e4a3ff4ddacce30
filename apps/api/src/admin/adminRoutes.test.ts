import {
  adminAuditLog,
  apiKeys,
  type Db,
  gpuNodes,
  type OperatorRoleName,
  settlementBatches,
  userActivity,
} from '@far/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Hono } from 'hono';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_JWT_SECRET } from '../../test/support/createTestApp.js';
import { signAccessToken } from '../auth/accessToken.js';
import { createApiKey } from '../auth/apiKeys.js';
import { createDbNonceStore } from '../auth/nonceStore.js';
import { upsertUser } from '../auth/upsertUser.js';
import { createInMemoryNodeRegistry } from '../nodes/nodeRegistry.js';
import { adminRoutes } from './adminRoutes.js';
import { grantOperatorRole } from './grantOperatorRole.js';

type App = Pick<Hono, 'request'>;

let testApp: Awaited<ReturnType<typeof createTestApp>>;
let app: App;
let db: Db;
let settleRuns = 0;
const registry = createInMemoryNodeRegistry();

/** A signed-in wallet holding `roles`: its bearer header. */
async function walletWith(roles: OperatorRoleName[]) {
  const account = privateKeyToAccount(generatePrivateKey());
  const wallet = account.address.toLowerCase() as `0x${string}`;
  const user = await upsertUser(db, wallet);
  for (const role of roles) await grantOperatorRole(db, { walletAddress: wallet, role, grantedBy: 'system' });
  const { token } = await signAccessToken(TEST_JWT_SECRET, { userId: user.id, walletAddress: wallet });
  return { wallet, userId: user.id, headers: { authorization: `Bearer ${token}` } };
}

function send(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return app.request(path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const NODE_ID = 'console-test-node';
let owner: Awaited<ReturnType<typeof walletWith>>;

beforeAll(async () => {
  testApp = await createTestApp({}, (database) => (root, { requireCaller }) => {
    root.route(
      '/',
      adminRoutes({
        db: database,
        requireCaller,
        nonces: createDbNonceStore(database),
        chainId: 31337,
        registry,
        settleNow: async () => {
          settleRuns++;
        },
      }),
    );
  });
  app = testApp.app;
  db = testApp.db;
  owner = await walletWith([]);
  await db.insert(gpuNodes).values({ nodeId: NODE_ID, ownerAddress: owner.wallet, status: 'offline' });
  await db.insert(settlementBatches).values({
    batchNumber: 7n,
    periodStart: new Date('2026-01-01T00:00:00Z'),
    periodEnd: new Date('2026-01-01T00:01:00Z'),
    status: 'failed',
    error: 'reverted',
  });
});
afterAll(async () => {
  await testApp?.close();
});

const REASON = { reason: 'console test' };
const SOMEONE = '0x000000000000000000000000000000000000dead';
/** What a route that any role may use needs. */
const ANY_ROLE: OperatorRoleName[] = ['admin', 'operator', 'treasurer', 'priceKeeper', 'oracle'];
/** Every console route but /me, the roles it admits, and a body it would accept. */
const ROUTES: Array<{ method: 'GET' | 'POST'; path: string; roles: OperatorRoleName[]; body?: unknown }> = [
  { method: 'GET', path: '/api/admin/signature-nonce', roles: ANY_ROLE },
  { method: 'GET', path: '/api/admin/roles', roles: ['admin'] },
  {
    method: 'POST',
    path: '/api/admin/roles',
    roles: ['admin'],
    body: { wallet: SOMEONE, role: 'operator', ...REASON },
  },
  {
    method: 'POST',
    path: '/api/admin/roles/revoke',
    roles: ['admin'],
    body: { wallet: SOMEONE, role: 'operator', ...REASON },
  },
  { method: 'GET', path: '/api/admin/health', roles: ANY_ROLE },
  { method: 'GET', path: '/api/admin/audit', roles: ANY_ROLE },
  { method: 'GET', path: '/api/admin/audit/export?format=jsonl', roles: ANY_ROLE },
  { method: 'GET', path: '/api/admin/nodes', roles: ['operator'] },
  { method: 'GET', path: `/api/admin/nodes/${NODE_ID}`, roles: ['operator'] },
  { method: 'POST', path: `/api/admin/nodes/${NODE_ID}/suspend`, roles: ['operator'], body: REASON },
  { method: 'POST', path: `/api/admin/nodes/${NODE_ID}/resume`, roles: ['operator'], body: REASON },
  { method: 'GET', path: '/api/admin/models', roles: ['operator'] },
  { method: 'POST', path: '/api/admin/models', roles: ['operator'], body: { model: {}, ...REASON } },
  { method: 'POST', path: '/api/admin/models/far-demo/price', roles: ['operator'], body: REASON },
  { method: 'POST', path: '/api/admin/models/far-demo/retire', roles: ['operator'], body: REASON },
  { method: 'GET', path: '/api/admin/users', roles: ['operator'] },
  { method: 'GET', path: `/api/admin/users/${SOMEONE}`, roles: ['operator'] },
  { method: 'GET', path: `/api/admin/users/${SOMEONE}/activity`, roles: ['operator'] },
  { method: 'POST', path: `/api/admin/users/${SOMEONE}/keys/revoke`, roles: ['operator'], body: REASON },
  { method: 'GET', path: '/api/admin/settlement/batches', roles: ['operator'] },
  { method: 'POST', path: '/api/admin/settlement/batches/7/retry', roles: ['operator'], body: REASON },
  { method: 'GET', path: '/api/admin/chain', roles: ANY_ROLE },
  { method: 'GET', path: '/api/admin/slashes?status=contested', roles: ['operator'] },
  {
    method: 'POST',
    path: '/api/admin/chain-actions',
    roles: ['treasurer'],
    body: {
      action: 'staking.fundReserve',
      params: { amountWei: '1' },
      ...REASON,
      fresh: { signature: '0x00', nonce: 'nonce-nonce', issuedAt: 1 },
    },
  },
  {
    method: 'POST',
    path: '/api/admin/chain-actions',
    roles: ['operator'],
    body: {
      action: 'nodeBond.decideAppeal',
      params: { evidenceHash: `0x${'2'.repeat(64)}`, upheld: 'true' },
      ...REASON,
      fresh: { signature: '0x00', nonce: 'nonce-nonce', issuedAt: 1 },
    },
  },
  {
    method: 'POST',
    path: '/api/admin/chain-actions/1/complete',
    roles: ANY_ROLE,
    body: { txHash: `0x${'1'.repeat(64)}` },
  },
];

describe('operator console access', () => {
  it('refuses every console route without a session, to an API key, and to a wallet without the role', async () => {
    const noRole = await walletWith([]);
    const { key } = await createApiKey(db, { userId: noRole.userId, name: 'script' });
    // A price keeper holds a role, but none of these routes' own.
    const otherRole = await walletWith(['priceKeeper']);
    for (const route of ROUTES) {
      const label = `${route.method} ${route.path}`;
      expect((await send(route.method, route.path, {}, route.body)).status, label).toBe(401);
      const asKey = await send(route.method, route.path, { authorization: `Bearer ${key}` }, route.body);
      expect(asKey.status, label).toBe(403);
      const asNobody = await send(route.method, route.path, noRole.headers, route.body);
      expect(asNobody.status, label).toBe(403);
      expect(((await asNobody.json()) as { error: { code: string } }).error.code, label).toBe('forbidden');
      if (!route.roles.includes('priceKeeper')) {
        const asOther = await send(route.method, route.path, otherRole.headers, route.body);
        expect(asOther.status, label).toBe(403);
      }
    }
    expect(await db.select().from(adminAuditLog)).toEqual([]);
  });

  it('tells any signed-in wallet its roles (none for most), so the web app can hide the console', async () => {
    const nobody = await walletWith([]);
    expect(await (await send('GET', '/api/admin/me', nobody.headers)).json()).toMatchObject({ roles: [] });
    const operator = await walletWith(['operator', 'treasurer']);
    const me = (await (await send('GET', '/api/admin/me', operator.headers)).json()) as { roles: string[] };
    expect(me.roles.sort()).toEqual(['operator', 'treasurer']);
  });
});

/** The audit rows an action wrote, oldest first. */
async function auditRowsOf(action: string) {
  return db
    .select()
    .from(adminAuditLog)
    .where(eq(adminAuditLog.action, action))
    .orderBy(asc(adminAuditLog.id));
}

describe('operator console actions', () => {
  it('suspends and resumes a node with a reason, one audit row each with the standing before and after', async () => {
    const operator = await walletWith(['operator']);
    const suspended = await send('POST', `/api/admin/nodes/${NODE_ID}/suspend`, operator.headers, {
      reason: 'failed 3 canaries today',
    });
    expect(suspended.status).toBe(200);
    const [node] = await db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, NODE_ID));
    expect(node?.status).toBe('suspended');
    const [suspendRow, ...moreSuspends] = await auditRowsOf('node.suspend');
    expect(moreSuspends).toEqual([]);
    expect(suspendRow).toMatchObject({
      actorWallet: operator.wallet,
      role: 'operator',
      target: NODE_ID,
      reason: 'failed 3 canaries today',
      status: 'done',
      before: { status: 'offline', suspended: false },
      after: { status: 'suspended', suspended: true, suspensionReason: 'failed 3 canaries today' },
    });

    // Suspending again is refused and leaves no row.
    expect((await send('POST', `/api/admin/nodes/${NODE_ID}/suspend`, operator.headers, REASON)).status).toBe(
      409,
    );
    expect(await auditRowsOf('node.suspend')).toHaveLength(1);

    const resumed = await send('POST', `/api/admin/nodes/${NODE_ID}/resume`, operator.headers, {
      reason: 'appeal upheld',
    });
    expect(resumed.status).toBe(200);
    const [resumeRow, ...moreResumes] = await auditRowsOf('node.resume');
    expect(moreResumes).toEqual([]);
    expect(resumeRow).toMatchObject({
      before: { suspended: true },
      after: { status: 'offline', suspended: false },
    });
  });

  it('refuses an action without a reason, and writes nothing', async () => {
    const operator = await walletWith(['operator']);
    const response = await send('POST', `/api/admin/nodes/${NODE_ID}/suspend`, operator.headers, {
      reason: ' ',
    });
    expect(response.status).toBe(422);
    const [node] = await db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, NODE_ID));
    expect(node?.status).toBe('offline');
  });

  it('answers a malformed path parameter, query or body with the one 422 naming the field', async () => {
    const operator = await walletWith(['operator']);
    const cases: Array<[string, string, unknown, string]> = [
      ['GET', '/api/admin/users/not-a-wallet', undefined, 'wallet'],
      ['POST', '/api/admin/settlement/batches/0/retry', REASON, 'batchNumber'],
      ['GET', '/api/admin/audit?limit=0', undefined, 'limit'],
      ['POST', `/api/admin/nodes/${NODE_ID}/suspend`, {}, 'reason'],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await send(method, path, operator.headers, body);
      expect(response.status, path).toBe(422);
      const { error } = (await response.json()) as { error: { code: string; param: string } };
      expect(error, path).toMatchObject({ code: 'validation_failed', param: field });
    }
    expect(await auditRowsOf('settlement.retry')).toEqual([]);
  });

  it('refuses an action whose audit row cannot be written: the action rolls back with it', async () => {
    const operator = await walletWith(['operator']);
    await db.execute(sql`create function far_test_refuse_audit() returns trigger language plpgsql as $$
      begin raise exception 'audit log unavailable'; end; $$`);
    await db.execute(sql`create trigger far_test_refuse_audit before insert on admin_audit_log
      for each row execute function far_test_refuse_audit()`);
    try {
      const response = await send('POST', `/api/admin/nodes/${NODE_ID}/suspend`, operator.headers, REASON);
      expect(response.status).toBe(500);
      const [node] = await db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, NODE_ID));
      expect(node?.status).toBe('offline');
      // A settlement retry is refused before it runs: no row, no round.
      const before = settleRuns;
      const retry = await send('POST', '/api/admin/settlement/batches/7/retry', operator.headers, REASON);
      expect(retry.status).toBe(500);
      expect(settleRuns).toBe(before);
    } finally {
      await db.execute(sql`drop trigger far_test_refuse_audit on admin_audit_log`);
      await db.execute(sql`drop function far_test_refuse_audit()`);
    }
  });

  it('keeps the audit log append-only: the database refuses UPDATE and DELETE', async () => {
    const [row] = await db.select().from(adminAuditLog).limit(1);
    expect(row).toBeDefined();
    await expect(
      db
        .update(adminAuditLog)
        .set({ reason: 'rewritten' })
        .where(eq(adminAuditLog.id, row?.id ?? 0n)),
    ).rejects.toThrow();
    await expect(db.delete(adminAuditLog).where(eq(adminAuditLog.id, row?.id ?? 0n))).rejects.toThrow();
  });

  it('grants and revokes a database role (admin), one audit row each', async () => {
    const admin = await walletWith(['admin']);
    const target = await walletWith([]);
    const body = { wallet: target.wallet, role: 'treasurer', reason: 'new treasurer' };
    expect((await send('POST', '/api/admin/roles', admin.headers, body)).status).toBe(201);
    expect((await (await send('GET', '/api/admin/me', target.headers)).json()) as unknown).toMatchObject({
      roles: ['treasurer'],
    });
    expect((await send('POST', '/api/admin/roles/revoke', admin.headers, body)).status).toBe(200);
    expect((await (await send('GET', '/api/admin/me', target.headers)).json()) as unknown).toMatchObject({
      roles: [],
    });
    const [grant] = await auditRowsOf('role.grant');
    expect(grant).toMatchObject({
      target: target.wallet,
      before: { roles: [] },
      after: { roles: ['treasurer'] },
    });
    const [revoke] = await auditRowsOf('role.revoke');
    expect(revoke).toMatchObject({ before: { roles: ['treasurer'] }, after: { roles: [] } });
  });

  it("revokes a user's keys: one audit row, one admin_action in the user's activity", async () => {
    const operator = await walletWith(['operator']);
    const user = await walletWith([]);
    const first = await createApiKey(db, { userId: user.userId, name: 'laptop' });
    await createApiKey(db, { userId: user.userId, name: 'ci' });
    const response = await send('POST', `/api/admin/users/${user.wallet}/keys/revoke`, operator.headers, {
      reason: 'key posted publicly',
    });
    expect(response.status).toBe(200);
    const live = await db.select().from(apiKeys).where(eq(apiKeys.userId, user.userId));
    expect(live.every((key) => key.revokedAt !== null)).toBe(true);
    // The revoked key no longer authenticates.
    expect((await send('GET', '/api/admin/me', { authorization: `Bearer ${first.key}` })).status).toBe(401);
    const rows = (await auditRowsOf('user.revokeKeys')).filter((row) => row.target === user.wallet);
    expect(rows).toHaveLength(1);
    expect((rows[0]?.before as { liveKeys: string[] } | undefined)?.liveKeys).toHaveLength(2);
    expect(rows[0]?.after).toEqual({ liveKeys: [] });
    const activity = await db
      .select()
      .from(userActivity)
      .where(and(eq(userActivity.userId, user.userId), eq(userActivity.type, 'admin_action')));
    expect(activity).toHaveLength(1);
    expect(activity[0]).toMatchObject({ type: 'admin_action', actorAddress: operator.wallet });
    const revocations = await db
      .select()
      .from(userActivity)
      .where(and(eq(userActivity.userId, user.userId), eq(userActivity.type, 'api_key_revoked')));
    expect(revocations).toHaveLength(2);
    for (const row of revocations) {
      expect(row).toMatchObject({ actorAddress: operator.wallet, detail: { reason: 'key posted publicly' } });
    }
  });

  it('changes a model price and retires it, each audited with the model before and after', async () => {
    const operator = await walletWith(['operator']);
    const priced = await send('POST', '/api/admin/models/far-demo/price', operator.headers, {
      reason: 'launch discount',
      inputPriceUsdPer1M: '0.01',
      outputPriceUsdPer1M: '0.02',
    });
    expect(priced.status).toBe(200);
    const [price] = await auditRowsOf('model.price');
    expect(price?.after).toMatchObject({
      id: 'far-demo',
      inputPriceUsdPer1M: '0.01',
      outputPriceUsdPer1M: '0.02',
    });
    expect(price?.before).toMatchObject({ id: 'far-demo' });
    const retired = await send('POST', '/api/admin/models/far-demo/retire', operator.headers, {
      reason: 'replaced',
    });
    expect(retired.status).toBe(200);
    const [retire] = await auditRowsOf('model.retire');
    expect(retire).toMatchObject({ before: { status: 'active' }, after: { status: 'retired' } });
  });

  it('retries a settlement batch: the row is written before the round runs, completed after', async () => {
    const operator = await walletWith(['operator']);
    const before = settleRuns;
    const response = await send('POST', '/api/admin/settlement/batches/7/retry', operator.headers, {
      reason: 'RPC outage over',
    });
    expect(response.status).toBe(200);
    expect(settleRuns).toBe(before + 1);
    const [row, ...more] = await auditRowsOf('settlement.retry');
    expect(more).toEqual([]);
    expect(row).toMatchObject({
      target: '7',
      status: 'done',
      before: { status: 'failed' },
      after: { status: 'failed' },
    });
  });

  it('shows and exports the audit log with filters', async () => {
    const operator = await walletWith(['operator']);
    const list = (await (await send('GET', '/api/admin/audit?action=node.', operator.headers)).json()) as {
      data: Array<{ action: string }>;
    };
    expect(list.data.map((row) => row.action).sort()).toEqual(['node.resume', 'node.suspend']);
    const csv = await (
      await send('GET', '/api/admin/audit/export?format=csv&action=node.suspend', operator.headers)
    ).text();
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,createdAt,actorWallet,role,action,target,reason,before,after,signature,txHash,status,completedAt',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('failed 3 canaries today');
    const jsonl = await (await send('GET', '/api/admin/audit/export?format=jsonl', operator.headers)).text();
    const rows = jsonl
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { action: string });
    expect(rows.length).toBe((await db.select().from(adminAuditLog)).length);
  });

  it('reports network health', async () => {
    const operator = await walletWith(['operator']);
    const health = await (await send('GET', '/api/admin/health', operator.headers)).json();
    expect(health).toMatchObject({
      nodesOnline: 0,
      errorRate: { rate: 0 },
      ledgerAudit: { ok: true },
      indexerLagBlocks: null,
    });
  });
});
