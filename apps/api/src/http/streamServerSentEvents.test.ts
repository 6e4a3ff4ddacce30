import { once } from 'node:events';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../observability/createLogger.js';
import type { AppEnv } from './appEnv.js';
import { streamServerSentEvents } from './streamServerSentEvents.js';
import { withDirectResponses } from './withDirectResponses.js';

const aborted: string[] = [];
const completedWrites: number[] = [];
const logged: Array<{ err: unknown; message: string }> = [];

function createApp() {
  const app = new Hono<AppEnv>();
  app.use(secureHeaders());
  app.use(cors({ origin: 'http://web.test' }));
  app.use(async (c, next) => {
    await next();
    c.header('X-After', 'set after the handler');
  });
  app.get('/events', (c) => {
    c.header('X-Task', 't1');
    return streamServerSentEvents(c, async (stream) => {
      let written = 0;
      for (const data of ['one', 'two', '[DONE]']) {
        await stream.write(`data: ${data}\n\n`);
        written += 1;
      }
      completedWrites.push(written);
    });
  });
  app.get('/endless', (c) =>
    streamServerSentEvents(c, async (stream) => {
      stream.onAbort(() => aborted.push('endless'));
      while (!stream.aborted) {
        await stream.write('data: more\n\n').catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      // A write after the client left fails (a settlement waiting for it must not wait forever).
      await stream.write('data: late\n\n').then(
        () => aborted.push('late write succeeded'),
        () => aborted.push('late write failed'),
      );
    }),
  );
  app.get('/failing', (c) => {
    c.set('logger', {
      error: (fields: { err: unknown }, message: string) => logged.push({ ...fields, message }),
    } as unknown as Logger);
    return streamServerSentEvents(c, async (stream) => {
      await stream.write('data: one\n\n');
      throw new Error('the node vanished');
    });
  });
  app.get('/replaced', (c) =>
    streamServerSentEvents(c, async (stream) => {
      stream.onAbort(() => aborted.push('replaced'));
      await stream.write('data: never\n\n').catch(() => aborted.push('replaced write failed'));
    }),
  );
  return app;
}

let server: Server;
let base: string;

beforeAll(async () => {
  const app = createApp();
  // An answer replaced on the way out: node-server writes that one, the stream writes nothing.
  const replacing = new Hono();
  replacing.use('/replaced', async (c, next) => {
    await next();
    c.res = new Response('replaced', { status: 503 });
  });
  replacing.route('/', app);
  server = serve({ fetch: withDirectResponses(replacing.fetch), port: 0, hostname: '127.0.0.1' }) as Server;
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

describe('streamServerSentEvents', () => {
  it('writes to the Node response with every header the middleware set, before and after the handler', async () => {
    const response = await fetch(`${base}/events`, { headers: { origin: 'http://web.test' } });
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      'x-task': 't1',
      'x-after': 'set after the handler',
      'x-content-type-options': 'nosniff',
      'access-control-allow-origin': 'http://web.test',
    });
    expect(response.headers.has('x-hono-already-sent')).toBe(false);
    expect(await response.text()).toBe('data: one\n\ndata: two\n\ndata: [DONE]\n\n');
    expect(completedWrites.at(-1)).toBe(3);
  });

  it('answers the same through Hono’s own stream where there is no Node response (app.request)', async () => {
    const response = await createApp().request('/events');
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(response.headers.get('x-task')).toBe('t1');
    expect(await response.text()).toBe('data: one\n\ndata: two\n\ndata: [DONE]\n\n');
  });

  it("logs a handler's failure with the request's logger and ends the stream after what was written", async () => {
    const response = await fetch(`${base}/failing`);
    expect(await response.text()).toBe('data: one\n\n');
    expect(logged).toEqual([{ err: new Error('the node vanished'), message: 'event stream failed' }]);
  });

  it('tells the handler when the client goes away, and fails its writes from then on', async () => {
    await new Promise<void>((resolve) => {
      const request = http.get(`${base}/endless`, (res) => {
        res.once('data', () => {
          request.destroy();
          resolve();
        });
      });
      request.on('error', () => {});
    });
    await expect.poll(() => aborted).toEqual(['endless', 'late write failed']);
  });

  it('writes nothing, and stops as if the client had gone, when the answer is replaced on the way out', async () => {
    const response = await fetch(`${base}/replaced`);
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('replaced');
    await expect
      .poll(() => aborted.filter((event) => event.startsWith('replaced')))
      .toEqual(['replaced', 'replaced write failed']);
  });
});
