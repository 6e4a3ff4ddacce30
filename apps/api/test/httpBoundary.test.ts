import { Agent, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './support/createTestApp.js';

describe('the client IP behind our proxy', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1', RATE_LIMIT_IP_PER_MINUTE: '2' });
  });
  afterAll(() => t.close());

  it('rate-limits by the hop the ALB appended, whatever the client put in front of it', async () => {
    const statuses: number[] = [];
    for (const spoofed of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
      const response = await t.app.request('/api/nothing-here', {
        headers: { 'x-forwarded-for': `${spoofed}, 203.0.113.7` },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([404, 404, 429]);
  });
});

describe('the API on a real socket', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  let server: Server;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ BODY_LIMIT_BYTES: '1024' });
    server = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }) as Server;
    await new Promise<void>((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  it('closes the connection it refuses a body on, so the next request on a kept-alive socket succeeds', async () => {
    // One socket, kept alive: the second request goes where the first went unless told otherwise.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send(agent, port, {
        method: 'POST',
        path: '/api/auth/verify',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'x'.repeat(2_000_000), signature: '0x' }),
      });
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      expect((JSON.parse(refused.body) as { error: { code: string } }).error.code).toBe('payload_too_large');
      const next = await send(agent, port, { method: 'GET', path: '/health' });
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

/** One request through `agent`, answered in full. */
function send(
  agent: Agent,
  port: number,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        agent,
        method: options.method,
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
