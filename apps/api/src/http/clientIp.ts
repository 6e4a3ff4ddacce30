import { isIP } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The caller's IP, as far as our own proxies vouch for it.
 *
 * Each proxy appends the address of the peer it received the request from to X-Forwarded-For,
 * and keeps whatever the client sent in front of it. Only the right-most `trustedProxyHops`
 * entries were written by our proxies; everything to their left is the client's to invent. So the
 * client is the entry `trustedProxyHops` places from the right (with one proxy, the ALB: the last
 * entry). With no trusted proxy, or no usable entry there, it is the socket's peer.
 *
 * @param c - the request context (the Node server's bindings give the socket).
 * @param trustedProxyHops - how many proxies in front of the API append to X-Forwarded-For (`TRUST_PROXY`).
 * @returns an IP address, or `local` for `app.request()` calls that have no socket.
 * @example
 * clientIp(c, 1); // 'X-Forwarded-For: 6.6.6.6, 203.0.113.7' from the ALB → '203.0.113.7'
 */
export function clientIp(c: Context, trustedProxyHops: number): string {
  if (trustedProxyHops > 0) {
    const hops = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean);
    // Fewer entries than trusted proxies: the request came in through fewer of them, and the
    // left-most entry is the nearest we have (Express's numeric `trust proxy` does the same).
    const vouched = hops[Math.max(0, hops.length - trustedProxyHops)];
    if (vouched !== undefined && isIP(vouched) !== 0) return vouched;
  }
  return peerIp(c);
}

function peerIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket.
    return 'local';
  }
}
