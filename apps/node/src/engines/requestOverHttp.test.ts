import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestOverHttp } from './requestOverHttp.js';

let server: Server;
let base: string;
const sockets = new Set<Socket>();
let closedResponses = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    sockets.add(req.socket);
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      if (req.url === '/hang') return; // never answers
      if (req.url === '/sse') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: one\n\ndata: [DONE]\n\n');
        return;
      }
      if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const timer = setInterval(() => res.write('data: more\n\n'), 5);
        res.on('close', () => {
          clearInterval(timer);
          closedResponses += 1;
        });
        return;
      }
      res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, body, length: req.headers['content-length'] ?? null }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

describe('requestOverHttp', () => {
  it('sends the body with its length, reads the answer whole, and keeps the connection for the next request', async () => {
    const before = sockets.size;
    const first = await requestOverHttp(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"é":1}',
    });
    expect(first).toMatchObject({ status: 200, ok: true });
    expect(await first.json()).toEqual({ method: 'POST', body: '{"é":1}', length: '8' });
    const second = await requestOverHttp(`${base}/missing`, { method: 'GET', headers: {} });
    expect(second).toMatchObject({ status: 404, ok: false });
    expect(await second.text()).toContain('"method":"GET"');
    expect(sockets.size - before).toBe(1);
  });

  it('keeps the connection when the reader stops once the whole body is in (at [DONE])', async () => {
    const before = sockets.size;
    for (let i = 0; i < 3; i++) {
      const response = await requestOverHttp(`${base}/sse`, { method: 'GET', headers: {} });
      for await (const chunk of response.body) if (Buffer.from(chunk).toString().includes('[DONE]')) break;
    }
    expect(sockets.size - before).toBeLessThanOrEqual(1);
  });

  it('closes the connection when the reader stops mid-body, so the server stops writing', async () => {
    const before = closedResponses;
    const response = await requestOverHttp(`${base}/endless`, { method: 'GET', headers: {} });
    let chunks = 0;
    for await (const _ of response.body) if (++chunks === 3) break;
    await expect.poll(() => closedResponses).toBe(before + 1);
  });

  it('rejects with the abort reason while waiting for the answer, and fails a body read mid-stream', async () => {
    const waiting = new AbortController();
    const hanging = requestOverHttp(`${base}/hang`, { method: 'GET', headers: {}, signal: waiting.signal });
    setTimeout(() => waiting.abort(), 20);
    await expect(hanging).rejects.toMatchObject({ name: 'AbortError' });

    const reading = new AbortController();
    const response = await requestOverHttp(`${base}/endless`, {
      method: 'GET',
      headers: {},
      signal: reading.signal,
    });
    const read = (async () => {
      for await (const _ of response.body) reading.abort();
    })();
    await expect(read).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('rejects when nothing listens', async () => {
    await expect(
      requestOverHttp('http://127.0.0.1:1/', { method: 'GET', headers: {} }),
    ).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });
});
