import type { Db } from '@far/db';
import { createMiddleware } from 'hono/factory';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import type { Metrics } from '../observability/createMetrics.js';
import { verifyAccessToken } from './accessToken.js';
import { API_KEY_PREFIX, findApiKeyOwner } from './apiKeys.js';
import type { RateLimiter } from './rateLimiter.js';

export type RequireCallerOptions = {
  db: Db;
  jwtSecret: Uint8Array;
  rateLimiter: RateLimiter;
  perMinute: number;
  metrics: Metrics;
};

/**
 * Authenticates `Authorization: Bearer <access JWT | far_sk_… API key>` and applies the
 * per-key (or per-user, for JWTs) rate limit.
 */
export function requireCaller(options: RequireCallerOptions) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const match = header?.match(/^Bearer\s+(\S+)$/i);
    if (!match?.[1]) {
      throw new BaseError('unauthorized', 'Send Authorization: Bearer <access token or API key>', {
        headers: { 'WWW-Authenticate': 'Bearer' },
      });
    }
    const credential = match[1];
    if (credential.startsWith(API_KEY_PREFIX)) {
      const owner = await findApiKeyOwner(options.db, credential);
      if (!owner) throw new BaseError('invalid_token', 'API key is invalid or revoked');
      c.set('caller', { userId: owner.userId, walletAddress: owner.walletAddress, apiKeyId: owner.keyId });
    } else {
      c.set('caller', await verifyAccessToken(options.jwtSecret, credential));
    }
    const caller = c.get('caller');
    const scope = caller.apiKeyId ? `key:${caller.apiKeyId}` : `user:${caller.userId}`;
    const limit = await options.rateLimiter.hit(scope, options.perMinute, 60_000);
    c.header('X-RateLimit-Limit', String(options.perMinute));
    c.header('X-RateLimit-Remaining', String(limit.remaining));
    if (!limit.allowed) {
      options.metrics.rateLimited.inc({ scope: 'key' });
      throw new BaseError('rate_limited', 'Too many requests for this key; slow down', {
        headers: { 'Retry-After': String(Math.max(1, Math.ceil(limit.retryAfterMs / 1000))) },
      });
    }
    await next();
  });
}
