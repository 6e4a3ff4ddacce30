import { describe, expect, it } from 'vitest';
import { upstreamAnswer } from '../../test/support/upstreamAnswer.js';
import { createUpstreamClient } from './createUpstreamClient.js';
import type { UpstreamRequestInit } from './requestOverHttp.js';

describe('createUpstreamClient', () => {
  it('posts JSON to the server root, with or without /v1 in the URL, and the API key', async () => {
    const calls: { url: string; init: UpstreamRequestInit }[] = [];
    const client = createUpstreamClient({
      upstream: 'http://upstream.test/v1/',
      apiKey: 'sk-test',
      transport: async (url, init) => {
        calls.push({ url, init });
        return upstreamAnswer('{}');
      },
    });
    expect(client.root).toBe('http://upstream.test');
    await client.post('/v1/completions', { a: 1 });
    expect(calls[0]?.url).toBe('http://upstream.test/v1/completions');
    expect(calls[0]?.init).toMatchObject({
      method: 'POST',
      body: '{"a":1}',
      headers: { authorization: 'Bearer sk-test' },
    });
  });

  it('reports an unreachable server and an error answer with stable codes', async () => {
    const down = createUpstreamClient({
      upstream: 'http://upstream.test',
      transport: async () => {
        throw new Error('ECONNREFUSED');
      },
    });
    await expect(down.get('/v1/models')).rejects.toMatchObject({
      code: 'UPSTREAM_UNREACHABLE',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    const failing = createUpstreamClient({
      upstream: 'http://upstream.test',
      transport: async () => upstreamAnswer('overloaded', 503),
    });
    await expect(failing.post('/v1/completions', {})).rejects.toMatchObject({
      code: 'UPSTREAM_HTTP_ERROR',
      status: 503,
      message: expect.stringContaining('overloaded'),
    });
  });

  it('lets an abort through as it is', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = createUpstreamClient({
      upstream: 'http://upstream.test',
      transport: async (_url, init) => {
        init.signal?.throwIfAborted();
        return upstreamAnswer('{}');
      },
    });
    await expect(client.post('/v1/completions', {}, controller.signal)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
