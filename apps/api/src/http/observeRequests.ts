import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../observability/createLogger.js';
import type { Metrics } from '../observability/createMetrics.js';
import type { AppEnv } from './appEnv.js';

/**
 * Gives each request a logger tagged with its request id, then counts and times it by route and
 * status and logs one line for it.
 */
export function observeRequests(logger: Logger, metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    c.set('logger', logger.child({ requestId: c.get('requestId') }));
    await next();
    const route = c.req.routePath || 'unmatched';
    const seconds = (performance.now() - started) / 1000;
    metrics.httpRequests.inc({ method: c.req.method, route, status: String(c.res.status) });
    metrics.httpDuration.observe({ method: c.req.method, route }, seconds);
    c.get('logger').info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(seconds * 1000) },
      'request',
    );
  };
}
