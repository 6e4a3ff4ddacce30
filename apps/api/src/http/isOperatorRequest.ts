import { createHash, timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Headers a proxy adds: a request that carries one came from elsewhere, whatever its socket says. */
const PROXY_HEADERS = ['x-forwarded-for', 'x-forwarded-host', 'forwarded'];

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether the request comes from an operator, who may read what the public may not (metrics,
 * readiness and settlement error detail). With `OPERATOR_TOKEN` set: it carries
 * `Authorization: Bearer <OPERATOR_TOKEN>`. Without one: it comes straight from this host
 * (a loopback socket and no proxy header), as `npm start`'s local scraper or an ECS sidecar does.
 *
 * @param c - the request context.
 * @param operatorToken - `OPERATOR_TOKEN`, or undefined when none is configured.
 * @returns true when operator-only detail may be shown.
 * @example
 * if (!isOperatorRequest(c, config.OPERATOR_TOKEN)) throw new BaseError('unauthorized', '…');
 */
export function isOperatorRequest(c: Context, operatorToken: string | undefined): boolean {
  if (operatorToken !== undefined) {
    const presented = c.req.header('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1];
    // Digests have one length, so the comparison takes the same time whatever was sent.
    return presented !== undefined && timingSafeEqual(digest(presented), digest(operatorToken));
  }
  if (PROXY_HEADERS.some((name) => c.req.header(name) !== undefined)) return false;
  try {
    return LOOPBACK.has(getConnInfo(c).remote.address ?? '');
  } catch {
    // app.request() in tests has no socket: not this host.
    return false;
  }
}
