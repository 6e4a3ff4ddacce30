import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { probeSession } from './probeSession';

const session = {
  accessToken: 'jwt',
  expiresAt: '2030-01-01T00:00:00.000Z',
  user: { id: 'u', walletAddress: '0x1' },
};
let server: Server;
let env: { API_URL: string };
let refreshCalls: number;

beforeAll(async () => {
  // The API's refresh route: the cookie `good` rotates, anything else is refused and cleared.
  server = createServer((request, response) => {
    refreshCalls++;
    if (request.url !== '/api/auth/refresh' || request.method !== 'POST') {
      response.writeHead(404).end();
      return;
    }
    if ((request.headers.cookie ?? '').includes('far_refresh=good')) {
      response.setHeader('set-cookie', ['far_refresh=next; HttpOnly; Path=/api/auth']);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(session));
      return;
    }
    response.setHeader('set-cookie', ['far_refresh=; Max-Age=0; Path=/api/auth']);
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { code: 'invalid_token', message: 'Refresh token is invalid' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env = { API_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
});
beforeEach(() => {
  refreshCalls = 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const probe = (cookie?: string) =>
  probeSession(
    new Request('http://web.test/api/auth/session', {
      method: 'POST',
      headers: cookie ? { cookie } : {},
      body: '{}',
    }),
    env,
  );

describe('probeSession', () => {
  it('answers 200 signed out without asking the API when there is no refresh cookie', async () => {
    const response = await probe('wagmi.store=x');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ signedIn: false });
    expect(refreshCalls).toBe(0);
  });

  it('restores the session and passes the rotated cookie on', async () => {
    const response = await probe('wagmi.store=x; far_refresh=good');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ signedIn: true, session });
    expect(response.headers.getSetCookie()).toEqual(['far_refresh=next; HttpOnly; Path=/api/auth']);
  });

  it('answers 200 signed out, clearing the cookie, when the API no longer accepts it', async () => {
    const response = await probe('far_refresh=revoked');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ signedIn: false });
    expect(response.headers.getSetCookie()).toEqual(['far_refresh=; Max-Age=0; Path=/api/auth']);
  });

  it('reports an API that cannot be reached as the error it is', async () => {
    const response = await probeSession(
      new Request('http://web.test/api/auth/session', {
        method: 'POST',
        headers: { cookie: 'far_refresh=good' },
      }),
      { API_URL: 'http://127.0.0.1:9' },
    );
    expect(response.status).toBe(502);
  });
});
