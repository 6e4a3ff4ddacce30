import { SignJWT } from 'jose';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_JWT_SECRET } from './support/createTestApp.js';
import { postJson, signIn, siweMessageFor } from './support/signIn.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('Sign-In with Ethereum', () => {
  it('creates the user on first sign-in and returns a 15-minute access token with a strict refresh cookie', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const message = await siweMessageFor(t.app, account);
    const response = await postJson(t.app, '/api/auth/verify', {
      message,
      signature: await account.signMessage({ message }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      accessToken: string;
      expiresAt: string;
      user: { walletAddress: string };
    };
    expect(body.user.walletAddress).toBe(account.address);
    const ttl = new Date(body.expiresAt).getTime() - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/far_refresh=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });

  it('rejects a replayed nonce', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const message = await siweMessageFor(t.app, account);
    const signature = await account.signMessage({ message });
    expect((await postJson(t.app, '/api/auth/verify', { message, signature })).status).toBe(200);
    const replay = await postJson(t.app, '/api/auth/verify', { message, signature });
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('invalid_nonce');
  });

  it('rejects a message for another domain', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const message = await siweMessageFor(t.app, account, {
      domain: 'evil.example',
      uri: 'https://evil.example',
    });
    const response = await postJson(t.app, '/api/auth/verify', {
      message,
      signature: await account.signMessage({ message }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/domain/);
  });

  it('rejects a message for another chain id', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const message = await siweMessageFor(t.app, account, { chainId: 1 });
    const response = await postJson(t.app, '/api/auth/verify', {
      message,
      signature: await account.signMessage({ message }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/chain id/);
  });

  it('rejects a signature by another wallet without burning the nonce', async () => {
    const account = privateKeyToAccount(generatePrivateKey());
    const other = privateKeyToAccount(generatePrivateKey());
    const message = await siweMessageFor(t.app, account);
    const forged = await postJson(t.app, '/api/auth/verify', {
      message,
      signature: await other.signMessage({ message }),
    });
    expect(forged.status).toBe(401);
    const genuine = await postJson(t.app, '/api/auth/verify', {
      message,
      signature: await account.signMessage({ message }),
    });
    expect(genuine.status).toBe(200);
  });
});

describe('access tokens', () => {
  it('accepts a valid token and rejects an expired one', async () => {
    const session = await signIn(t.app);
    const ok = await t.app.request('/api/keys', {
      headers: { authorization: `Bearer ${session.accessToken}` },
    });
    expect(ok.status).toBe(200);
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ addr: session.user.walletAddress })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(session.user.id)
      .setIssuer('far-labs')
      .setAudience('far-api')
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 1800)
      .sign(TEST_JWT_SECRET);
    const response = await t.app.request('/api/keys', { headers: { authorization: `Bearer ${expired}` } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('token_expired');
  });

  it('rejects a token signed with another secret', async () => {
    const forged = await new SignJWT({ addr: '0x0000000000000000000000000000000000000001' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('00000000-0000-0000-0000-000000000000')
      .setIssuer('far-labs')
      .setAudience('far-api')
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode('another-secret-another-secret-another'));
    const response = await t.app.request('/api/keys', { headers: { authorization: `Bearer ${forged}` } });
    expect(response.status).toBe(401);
  });

  it('asks for credentials when there are none', async () => {
    const response = await t.app.request('/api/keys');
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
  });
});

describe('refresh tokens', () => {
  it('rotates on every use', async () => {
    const session = await signIn(t.app);
    const first = await t.app.request('/api/auth/refresh', {
      method: 'POST',
      headers: { cookie: session.cookie },
    });
    expect(first.status).toBe(200);
    const rotated = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    expect(rotated).not.toBe(session.cookie);
    const second = await t.app.request('/api/auth/refresh', { method: 'POST', headers: { cookie: rotated } });
    expect(second.status).toBe(200);
  });

  it('revokes the whole family when a spent token is reused', async () => {
    const session = await signIn(t.app);
    const first = await t.app.request('/api/auth/refresh', {
      method: 'POST',
      headers: { cookie: session.cookie },
    });
    const successor = first.headers.get('set-cookie')?.split(';')[0] ?? '';
    const reuse = await t.app.request('/api/auth/refresh', {
      method: 'POST',
      headers: { cookie: session.cookie },
    });
    expect(reuse.status).toBe(401);
    expect(((await reuse.json()) as { error: { code: string } }).error.code).toBe('refresh_token_reused');
    // The thief's reuse also kills the legitimate successor.
    const afterTheft = await t.app.request('/api/auth/refresh', {
      method: 'POST',
      headers: { cookie: successor },
    });
    expect(afterTheft.status).toBe(401);
  });

  it('sign-out revokes the refresh token', async () => {
    const session = await signIn(t.app);
    const out = await t.app.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie: session.cookie },
    });
    expect(out.status).toBe(204);
    const after = await t.app.request('/api/auth/refresh', {
      method: 'POST',
      headers: { cookie: session.cookie },
    });
    expect(after.status).toBe(401);
  });
});

describe('API keys', () => {
  it('creates a key shown once, lists it without the secret, and a revoked key stops working', async () => {
    const session = await signIn(t.app);
    const auth = { authorization: `Bearer ${session.accessToken}` };
    const created = await postJson(t.app, '/api/keys', { name: 'laptop' }, auth);
    expect(created.status).toBe(201);
    const { id, key, prefix } = (await created.json()) as { id: string; key: string; prefix: string };
    expect(key.startsWith(prefix)).toBe(true);
    const withKey = await t.app.request('/api/keys', { headers: { authorization: `Bearer ${key}` } });
    expect(withKey.status).toBe(200);
    const listed = JSON.stringify(await withKey.json());
    expect(listed).toContain(prefix);
    expect(listed).not.toContain(key);
    expect((await t.app.request(`/api/keys/${id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    const revoked = await t.app.request('/api/keys', { headers: { authorization: `Bearer ${key}` } });
    expect(revoked.status).toBe(401);
  });

  it("cannot revoke another user's key", async () => {
    const alice = await signIn(t.app);
    const bob = await signIn(t.app);
    const created = await postJson(
      t.app,
      '/api/keys',
      { name: 'a' },
      { authorization: `Bearer ${alice.accessToken}` },
    );
    const { id } = (await created.json()) as { id: string };
    const attempt = await t.app.request(`/api/keys/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${bob.accessToken}` },
    });
    expect(attempt.status).toBe(404);
  });
});

describe('rate limits', () => {
  it('returns 429 with Retry-After once a key exceeds its budget', async () => {
    const limited = await createTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const session = await signIn(limited.app);
      const auth = { authorization: `Bearer ${session.accessToken}` };
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i++) {
        const response = await limited.app.request('/api/keys', { headers: auth });
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    } finally {
      await limited.close();
    }
  });

  it('limits per IP as well', async () => {
    const limited = await createTestApp({ RATE_LIMIT_IP_PER_MINUTE: '2' });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await limited.app.request('/api/auth/nonce', { method: 'POST' })).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('bad input', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    const response = await t.app.request('/api/auth/verify', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"message": ',
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
  });

  it('names the field of a wrong type', async () => {
    const response = await postJson(t.app, '/api/auth/verify', { message: 42, signature: '0x00' });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toMatch(/^message/);
  });

  it('refuses unknown fields', async () => {
    const session = await signIn(t.app);
    const response = await postJson(
      t.app,
      '/api/keys',
      { name: 'x', admin: true },
      { authorization: `Bearer ${session.accessToken}` },
    );
    expect(response.status).toBe(422);
  });

  it('refuses an oversized body with 413', async () => {
    const response = await postJson(t.app, '/api/auth/verify', {
      message: 'x'.repeat(2_000_000),
      signature: '0x',
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await t.app.request('/nope');
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });

  it('rejects a body sent without a JSON content type', async () => {
    const response = await t.app.request('/api/auth/verify', { method: 'POST', body: 'message=1' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('operations', () => {
  it('serves health, readiness and the OpenAPI document to anyone, metrics to operators only', async () => {
    expect((await t.app.request('/health')).status).toBe(200);
    const ready = await t.app.request('/ready');
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, { ok: boolean }> }).checks.database?.ok).toBe(
      true,
    );
    expect((await t.app.request('/metrics')).status).toBe(401);
    const doc = (await (await t.app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/verify', '/api/keys', '/health']),
    );
  });

  it('tags every response with a request id', async () => {
    const response = await t.app.request('/health');
    expect(response.headers.get('x-request-id')).toBeTruthy();
  });
});
