import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Caller } from '../../http/appEnv.js';

/**
 * For routes anyone may read but whose answer depends on who asks (a private twin is visible to its
 * owner only): authenticates when credentials are sent, and lets an anonymous request through.
 *
 * @param requireCaller - the platform's authentication (it refuses bad credentials as usual).
 */
export function optionalCaller(requireCaller: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  return (c, next) => (c.req.header('authorization') ? requireCaller(c, next) : next());
}

/** The caller set by {@link optionalCaller}, or undefined for an anonymous request. */
export function callerIfAny(c: { get(key: 'caller'): Caller }): Caller | undefined {
  return c.get('caller') as Caller | undefined;
}
