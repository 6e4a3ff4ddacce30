import type { Context } from 'hono';
import { clientIp } from '../http/clientIp.js';

/**
 * Where a request came from, as the user's activity keeps it: the client's IP (as far as our own
 * proxies vouch for it; `recordUserActivity` stores only its network prefix) and its user agent.
 *
 * @param c - the request context.
 * @param trustedProxyHops - `TRUST_PROXY`: how many of our proxies append to X-Forwarded-For.
 * @returns the IP and user agent (null when the client sent none).
 * @example
 * await recordUserActivity(tx, { userId, type: 'sign_in', ...requestClientOf(c, config.TRUST_PROXY) });
 */
export function requestClientOf(
  c: Context,
  trustedProxyHops: number,
): { ip: string; userAgent: string | null } {
  return { ip: clientIp(c, trustedProxyHops), userAgent: c.req.header('user-agent') ?? null };
}
