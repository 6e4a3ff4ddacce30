import { userActivity } from '@far/db';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUserActivityRoutes } from '../src/account/adminUserActivityRoutes.js';
import { BaseError } from '../src/errors/BaseError.js';
import { toErrorResponse } from '../src/errors/toErrorResponse.js';
import type { AppEnv } from '../src/http/appEnv.js';
import { createTestApp } from './support/createTestApp.js';
import { postJson, signIn } from './support/signIn.js';

type ActivityPage = {
  data: {
    type: string;
    detail: Record<string, unknown>;
    ipPrefix: string | null;
    userAgent: string | null;
    byOperator: boolean;
    actorAddress?: string | null;
  }[];
  nextCursor: string | null;
};

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  // One proxy in front, as in production: the client is the last X-Forwarded-For entry.
  t = await createTestApp({ TRUST_PROXY: '1' });
});
afterAll(() => t.close());

const client = { 'x-forwarded-for': '198.51.100.23', 'user-agent': 'FarTest/1.0' };

async function activityOf(accessToken: string, query = ''): Promise<ActivityPage> {
  const response = await t.app.request(`/api/account/activity${query}`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as ActivityPage;
}

describe('user activity', () => {
  it('records a sign-in once, with the network prefix and user agent, never the whole IP', async () => {
    const session = await signIn(t.app, undefined, client);
    const { data } = await activityOf(session.accessToken);
    expect(data).toEqual([
      expect.objectContaining({
        type: 'sign_in',
        detail: { method: 'siwe' },
        ipPrefix: '198.51.100.0/24',
        userAgent: 'FarTest/1.0',
        byOperator: false,
      }),
    ]);
    const stored = await t.db.select().from(userActivity).where(eq(userActivity.userId, session.user.id));
    expect(JSON.stringify(stored)).not.toContain('198.51.100.23');
  });

  it('records one row per key created and per key revoked, and nothing for a second revocation', async () => {
    const session = await signIn(t.app);
    const auth = { authorization: `Bearer ${session.accessToken}`, ...client };
    const created = await postJson(t.app, '/api/keys', { name: 'laptop' }, auth);
    const { id, prefix } = (await created.json()) as { id: string; prefix: string };
    for (let i = 0; i < 2; i++) await t.app.request(`/api/keys/${id}`, { method: 'DELETE', headers: auth });
    const { data } = await activityOf(session.accessToken);
    expect(data.map((item) => item.type)).toEqual(['api_key_revoked', 'api_key_created', 'sign_in']);
    for (const item of data.slice(0, 2)) {
      expect(item.detail).toEqual({ keyId: id, name: 'laptop', prefix });
      expect(item.ipPrefix).toBe('198.51.100.0/24');
    }
  });

  it('shows a user only their own activity, and pages it with nextCursor', async () => {
    const alice = await signIn(t.app);
    const bob = await signIn(t.app);
    const auth = { authorization: `Bearer ${alice.accessToken}` };
    for (const name of ['a', 'b', 'c']) await postJson(t.app, '/api/keys', { name }, auth);
    const bobs = await activityOf(bob.accessToken);
    expect(bobs.data.map((item) => item.type)).toEqual(['sign_in']);

    const first = await activityOf(alice.accessToken, '?limit=3');
    expect(first.data.map((item) => item.detail.name)).toEqual(['c', 'b', 'a']);
    expect(first.nextCursor).not.toBeNull();
    const second = await activityOf(alice.accessToken, `?limit=3&before=${first.nextCursor}`);
    expect(second.data.map((item) => item.type)).toEqual(['sign_in']);
    expect(second.nextCursor).toBeNull();
  });

  it('asks for credentials without a session', async () => {
    expect((await t.app.request('/api/account/activity')).status).toBe(401);
  });
});

describe('GET /api/admin/users/:wallet/activity', () => {
  function adminApp(allowed: boolean) {
    const app = new Hono<AppEnv>();
    app.onError((error, c) => {
      const response = toErrorResponse(error);
      return c.json(response.body, response.status as 400);
    });
    app.route(
      '/',
      adminUserActivityRoutes({
        db: t.db,
        requireOperator: async (_c, next) => {
          if (!allowed) throw new BaseError('forbidden', 'This needs the operator role');
          await next();
        },
      }),
    );
    return app;
  }

  it("gives an operator the user's activity with the acting operator's wallet", async () => {
    const session = await signIn(t.app);
    const operator = `0x${'ab'.repeat(20)}`;
    await t.db.insert(userActivity).values({
      userId: session.user.id,
      type: 'admin_action',
      actorAddress: operator,
      detail: { action: 'revoke_api_keys', reason: 'leak' },
    });
    const response = await adminApp(true).request(`/api/admin/users/${session.user.walletAddress}/activity`);
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as ActivityPage;
    expect(
      data.map((item) => [item.type, item.byOperator, item.actorAddress?.toLowerCase() ?? null]),
    ).toEqual([
      ['admin_action', true, operator],
      ['sign_in', false, null],
    ]);
    const own = await activityOf(session.accessToken);
    expect(own.data[0]).not.toHaveProperty('actorAddress');
  });

  it('is refused without the role, and answers 404 for an unknown wallet', async () => {
    const session = await signIn(t.app);
    expect(
      (await adminApp(false).request(`/api/admin/users/${session.user.walletAddress}/activity`)).status,
    ).toBe(403);
    expect((await adminApp(true).request(`/api/admin/users/0x${'99'.repeat(20)}/activity`)).status).toBe(404);
  });
});
