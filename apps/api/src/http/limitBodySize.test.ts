import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toErrorResponse } from '../errors/toErrorResponse.js';
import type { AppEnv } from './appEnv.js';
import { limitBodySize } from './limitBodySize.js';

type Answer = { status: number; body: string; connection: string | undefined };

describe('limitBodySize on a Node server', () => {
  let server: ReturnType<typeof serve>;
  let port: number;

  beforeAll(async () => {
    const app = new Hono<AppEnv>();
    app.use(limitBodySize(100, { '/upload': 1_000 }));
    app.onError((error, c) => {
      const response = toErrorResponse(error);
      for (const [name, value] of Object.entries(response.headers)) c.header(name, value);
      return c.json(response.body, response.status as 413);
    });
    app.post('*', async (c) => c.json({ received: await c.req.json() }));
    app.get('*', (c) => c.text('ok'));
    server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** Sends `chunks` as the body: with a Content-Length when `chunked` is false, else chunked. */
  const send = (path: string, chunks: string[], chunked = false): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const body = chunks.join('');
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': Buffer.byteLength(body) }),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }),
          );
        },
      );
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });

  const json = (size: number) => JSON.stringify({ text: 'x'.repeat(Math.max(0, size - 11)) });

  it('passes a body within the limit to the route, by Content-Length or chunked', async () => {
    const body = json(100);
    expect(body).toHaveLength(100);
    for (const chunked of [false, true]) {
      const answer = await send('/v1/chat/completions', [body.slice(0, 40), body.slice(40)], chunked);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ received: JSON.parse(body) });
    }
  });

  it('refuses a larger body with 413 payload_too_large and Connection: close, by Content-Length or chunked', async () => {
    const body = json(101);
    for (const chunked of [false, true]) {
      const answer = await send('/v1/chat/completions', [body.slice(0, 50), body.slice(50)], chunked);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).error.code).toBe('payload_too_large');
      expect(answer.connection).toBe('close');
    }
  });

  it('gives a listed path its own bound', async () => {
    expect((await send('/upload', [json(1_000)])).status).toBe(200);
    expect((await send('/upload', [json(1_001)], true)).status).toBe(413);
    expect((await send('/upload', [json(1_001)])).status).toBe(413);
  });
});
