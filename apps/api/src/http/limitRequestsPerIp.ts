import type { MiddlewareHandler } from 'hono';
import type { RateLimiter } from '../auth/rateLimiter.js';
import type { Config } from '../config/parseConfig.js';
import { BaseError } from '../errors/BaseError.js';
import type { Metrics } from '../observability/createMetrics.js';
import type { AppEnv } from './appEnv.js';
import { clientIp } from './clientIp.js';

/**
 * Paths that neither count against nor are refused by the per-IP limit: liveness only, which
 * touches nothing. `/ready` (a database and an RPC call each) and `/metrics` count like any route.
 */
const UNLIMITED = new Set(['/health']);

/** Refuses a client address over its per-minute budget with 429 and `Retry-After`. */
export function limitRequestsPerIp(options: {
  rateLimiter: RateLimiter;
  metrics: Metrics;
  config: Pick<Config, 'TRUST_PROXY' | 'RATE_LIMIT_IP_PER_MINUTE'>;
}): MiddlewareHandler<AppEnv> {
  const { rateLimiter, metrics, config } = options;
  return async (c, next) => {
    if (UNLIMITED.has(c.req.path)) return next();
    const limit = await rateLimiter.hit(
      `ip:${clientIp(c, config.TRUST_PROXY)}`,
      config.RATE_LIMIT_IP_PER_MINUTE,
      60_000,
    );
    if (!limit.allowed) {
      metrics.rateLimited.inc({ scope: 'ip' });
      throw new BaseError('rate_limited', 'Too many requests from this address; slow down', {
        headers: { 'Retry-After': String(Math.max(1, Math.ceil(limit.retryAfterMs / 1000))) },
      });
    }
    await next();
  };
}
