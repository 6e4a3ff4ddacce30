import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIp } from './clientIp.js';

/** Asks a one-route app which IP it sees, with the socket peer the Node server would give it. */
async function seenIp(trustedProxyHops: number, forwardedFor: string | undefined, peer = '10.0.0.9') {
  const app = new Hono();
  app.get('/', (c) => c.text(clientIp(c, trustedProxyHops)));
  const headers: Record<string, string> =
    forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  const response = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: peer } } });
  return response.text();
}

describe('clientIp', () => {
  it('takes the hop our one proxy appended, not the one the client sent in front of it', async () => {
    expect(await seenIp(1, '6.6.6.6, 203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts trusted hops from the right', async () => {
    expect(await seenIp(2, '6.6.6.6, 203.0.113.7, 198.51.100.2')).toBe('203.0.113.7');
    expect(await seenIp(2, '6.6.6.6,203.0.113.7,198.51.100.2')).toBe('203.0.113.7');
  });

  it('takes the left-most entry when the request came through fewer proxies than trusted', async () => {
    expect(await seenIp(2, '203.0.113.7')).toBe('203.0.113.7');
  });

  it('ignores X-Forwarded-For unless proxies are trusted', async () => {
    expect(await seenIp(0, '6.6.6.6')).toBe('10.0.0.9');
  });

  it('falls back to the socket peer when the trusted entry is missing or not an address', async () => {
    expect(await seenIp(1, undefined)).toBe('10.0.0.9');
    expect(await seenIp(1, '6.6.6.6, not-an-ip')).toBe('10.0.0.9');
    expect(await seenIp(1, ' , ')).toBe('10.0.0.9');
  });

  it('reads IPv6 hops', async () => {
    expect(await seenIp(1, '6.6.6.6, 2001:db8::1')).toBe('2001:db8::1');
  });
});
