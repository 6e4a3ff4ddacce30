import { type Db, users } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getAddress } from 'viem';
import { recordUserActivity } from '../account/recordUserActivity.js';
import { requestClientOf } from '../account/requestClientOf.js';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody, jsonRequestBody } from '../http/openapi.js';
import { signAccessToken } from './accessToken.js';
import type { NonceStore } from './nonceStore.js';
import {
  findRefreshFamily,
  issueRefreshToken,
  REFRESH_TOKEN_TTL_MS,
  revokeRefreshFamily,
  rotateRefreshToken,
} from './refreshTokens.js';
import { upsertUser } from './upsertUser.js';
import { verifySiwe } from './verifySiwe.js';

const REFRESH_COOKIE = 'far_refresh';

export type AuthRoutesOptions = {
  db: Db;
  nonces: NonceStore;
  jwtSecret: Uint8Array;
  siweDomains: ReadonlySet<string>;
  chainIds: ReadonlySet<number>;
  /** `TRUST_PROXY` (default 0): whose X-Forwarded-For to believe for the sign-in's client IP. */
  trustedProxyHops?: number;
};

const SessionSchema = z
  .object({
    accessToken: z.string(),
    expiresAt: z.iso.datetime(),
    user: z.object({ id: z.uuid(), walletAddress: z.string() }),
  })
  .openapi('Session');

const nonceRoute = createRoute({
  method: 'post',
  path: '/api/auth/nonce',
  tags: ['auth'],
  summary: 'Issue a single-use Sign-In with Ethereum nonce (valid 5 minutes)',
  responses: {
    200: jsonBody(z.object({ nonce: z.string(), expiresAt: z.iso.datetime() }), 'A fresh nonce'),
    ...errorResponses,
  },
});

const verifyRoute = createRoute({
  method: 'post',
  path: '/api/auth/verify',
  tags: ['auth'],
  summary: 'Sign in with an EIP-4361 message and its signature',
  description: 'Returns a 15-minute access token and sets the rotating refresh token as an HttpOnly cookie.',
  request: {
    body: jsonRequestBody(
      z.strictObject({
        message: z.string().min(1).max(4096),
        signature: z.string().regex(/^0x[0-9a-fA-F]{130}$/, 'must be a 65-byte hex signature'),
      }),
    ),
  },
  responses: { 200: jsonBody(SessionSchema, 'Signed in'), ...errorResponses },
});

const refreshRoute = createRoute({
  method: 'post',
  path: '/api/auth/refresh',
  tags: ['auth'],
  summary: 'Exchange the refresh cookie for a new access token (the cookie rotates)',
  responses: { 200: jsonBody(SessionSchema, 'Refreshed'), ...errorResponses },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'Sign out: revoke the refresh token family and clear the cookie',
  responses: { 204: { description: 'Signed out' }, ...errorResponses },
});

function setRefreshCookie(c: Context, token: string) {
  setCookie(c, REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Strict',
    path: '/api/auth',
    maxAge: Math.floor(REFRESH_TOKEN_TTL_MS / 1000),
  });
}

/** Sign-in with Ethereum, refresh-token rotation and sign-out. */
export function authRoutes(options: AuthRoutesOptions) {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>();

  async function session(userId: string, walletAddress: string) {
    const address = getAddress(walletAddress);
    const access = await signAccessToken(options.jwtSecret, { userId, walletAddress: address });
    return {
      accessToken: access.token,
      expiresAt: access.expiresAt.toISOString(),
      user: { id: userId, walletAddress: address },
    };
  }

  app.openapi(nonceRoute, async (c) => {
    const { nonce, expiresAt } = await options.nonces.issue();
    return c.json({ nonce, expiresAt: expiresAt.toISOString() }, 200);
  });

  app.openapi(verifyRoute, async (c) => {
    const body = c.req.valid('json');
    const address = await verifySiwe({
      message: body.message,
      signature: body.signature as `0x${string}`,
      domains: options.siweDomains,
      chainIds: options.chainIds,
      nonces: options.nonces,
    });
    const { user, refresh } = await db.transaction(async (tx) => {
      const user = await upsertUser(tx, address);
      const refresh = await issueRefreshToken(tx, { userId: user.id });
      await recordUserActivity(tx, {
        userId: user.id,
        type: 'sign_in',
        detail: { method: 'siwe' },
        ...requestClientOf(c, options.trustedProxyHops ?? 0),
      });
      return { user, refresh };
    });
    setRefreshCookie(c, refresh.token);
    return c.json(await session(user.id, user.walletAddress), 200);
  });

  app.openapi(refreshRoute, async (c) => {
    const token = getCookie(c, REFRESH_COOKIE);
    if (!token) throw new BaseError('unauthorized', 'No refresh cookie; sign in again');
    try {
      const next = await rotateRefreshToken(db, token);
      setRefreshCookie(c, next.token);
      const [user] = await db.select().from(users).where(eq(users.id, next.userId));
      if (!user) throw new BaseError('invalid_token', 'User no longer exists');
      return c.json(await session(user.id, user.walletAddress), 200);
    } catch (error) {
      deleteCookie(c, REFRESH_COOKIE, { path: '/api/auth', secure: true });
      throw error;
    }
  });

  app.openapi(logoutRoute, async (c) => {
    const token = getCookie(c, REFRESH_COOKIE);
    if (token) {
      const family = await findRefreshFamily(db, token);
      if (family) await revokeRefreshFamily(db, family);
    }
    deleteCookie(c, REFRESH_COOKIE, { path: '/api/auth', secure: true });
    return c.body(null, 204);
  });

  return app;
}
