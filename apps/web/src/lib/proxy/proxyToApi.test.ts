import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxyToApi } from './proxyToApi';

let server: Server;
let apiUrl: string;
let seen: Record<string, string | undefined> = {};

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen = { method: request.method, url: request.url, auth: request.headers.authorization, body };
      if (request.url?.startsWith('/v1/stream')) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.write('data: one\n\n');
        setTimeout(() => response.end('data: [DONE]\n\n'), 20);
        return;
      }
      response.setHeader('set-cookie', ['a=1; HttpOnly; Path=/api/auth', 'b=2; Path=/']);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('proxyToApi', () => {
  it('forwards method, path, query, auth and body to API_URL read at request time', async () => {
    const response = await proxyToApi(
      new Request('http://web.test/api/keys?limit=5', {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: '{"name":"k"}',
      }),
      { API_URL: apiUrl },
    );
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(seen).toEqual({
      method: 'POST',
      url: '/api/keys?limit=5',
      auth: 'Bearer t',
      body: '{"name":"k"}',
    });
  });

  it('keeps each Set-Cookie header separate', async () => {
    const response = await proxyToApi(new Request('http://web.test/api/auth/refresh', { method: 'POST' }), {
      API_URL: apiUrl,
    });
    expect(response.headers.getSetCookie()).toEqual(['a=1; HttpOnly; Path=/api/auth', 'b=2; Path=/']);
  });

  it('streams server-sent events through', async () => {
    const response = await proxyToApi(new Request('http://web.test/v1/stream'), { API_URL: apiUrl });
    expect(response.headers.get('cache-control')).toContain('no-transform');
    expect(await response.text()).toBe('data: one\n\ndata: [DONE]\n\n');
  });

  it("answers 502 in the API's error shape when the API is down", async () => {
    const response = await proxyToApi(new Request('http://web.test/api/me'), {
      API_URL: 'http://127.0.0.1:9',
    });
    expect(response.status).toBe(502);
    expect(await response.json()).toEqual({
      error: { code: 'api_unreachable', message: 'The Far Labs API cannot be reached.' },
    });
  });
});
