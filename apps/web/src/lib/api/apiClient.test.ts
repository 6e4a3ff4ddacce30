import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './ApiError';
import { createApiKey, fetchMe, fetchNetworkStatus, listModels, revokeApiKey } from './endpoints';

const respond = (status: number, body: unknown, contentType = 'application/json') =>
  vi.fn(
    async () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'content-type': contentType },
      }),
  );

afterEach(() => vi.unstubAllGlobals());

describe('the typed API client', () => {
  it('sends the bearer token and JSON body, and parses the answer', async () => {
    const created = {
      id: 'k1',
      name: 'ci',
      prefix: 'far_sk_ab',
      key: 'far_sk_abc',
      createdAt: '2026-01-02T03:04:05.000Z',
    };
    const fetchMock = respond(201, created);
    vi.stubGlobal('fetch', fetchMock);
    const result = await createApiKey('t0k', 'ci');
    expect(result).toEqual({ ...created, createdAt: new Date(created.createdAt) });
    const [request] = fetchMock.mock.calls[0] as unknown as [Request];
    expect(request.method).toBe('POST');
    expect(new URL(request.url).pathname).toBe('/api/keys');
    expect(await request.text()).toBe('{"name":"ci"}');
    expect(request.headers.get('authorization')).toBe('Bearer t0k');
  });

  it("keeps the API's error code and message", async () => {
    vi.stubGlobal(
      'fetch',
      respond(402, { error: { code: 'insufficient_balance', message: 'Deposit FAR first' } }),
    );
    const error = await fetchMe('t').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'insufficient_balance', status: 402, message: 'Deposit FAR first' });
  });

  it('explains an endpoint that does not exist yet', async () => {
    vi.stubGlobal('fetch', respond(404, '<html>Not found</html>', 'text/html'));
    await expect(fetchNetworkStatus()).rejects.toMatchObject({
      code: 'http_error',
      status: 404,
    });
  });

  it('reports an unreachable API with its own code', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('fetch failed');
      }),
    );
    await expect(fetchMe('t')).rejects.toMatchObject({ code: 'network_unreachable' });
  });

  it('refuses a successful answer that is not JSON', async () => {
    vi.stubGlobal('fetch', respond(200, '<html>proxy</html>', 'text/html'));
    await expect(fetchMe('t')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('lets an aborted call stay an abort, not an unreachable API', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new DOMException('stopped', 'AbortError');
      }),
    );
    await expect(fetchNetworkStatus()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('puts path parameters into the path, escaped', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(revokeApiKey('t', 'a/b c')).resolves.toBeUndefined();
    const [request] = fetchMock.mock.calls[0] as unknown as [Request];
    expect(request.method).toBe('DELETE');
    expect(new URL(request.url).pathname).toBe('/api/keys/a%2Fb%20c');
  });

  it('refuses a body of the wrong shape instead of passing it on', async () => {
    vi.stubGlobal('fetch', respond(200, { user: { id: 'u1' } }));
    await expect(fetchMe('t')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('turns wei strings into bigint at the boundary', async () => {
    vi.stubGlobal(
      'fetch',
      respond(200, {
        user: { id: 'u1', walletAddress: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' },
        balances: { available: '1000000000000000000000000001', reserved: '0' },
      }),
    );
    const me = await fetchMe('t');
    expect(me.balances.available).toBe(10n ** 27n + 1n);
  });
});

describe('endpoint schemas against the API as it answers', () => {
  it('reads /v1/models with decimal-string input and output prices and a missing FAR price', async () => {
    vi.stubGlobal(
      'fetch',
      respond(200, {
        object: 'list',
        data: [
          {
            id: 'far-demo',
            object: 'model',
            owned_by: 'far',
            kind: 'chat',
            family: 'far',
            parameter_count: 1_565_280,
            quantization: 'F16',
            context_length: 4096,
            weights_sha256: null,
            pricing: {
              usd_per_1m_input_tokens: '0.20',
              usd_per_1m_output_tokens: '0.60',
              far_per_1m_input_tokens_wei: '2000000000000000000',
              far_per_1m_output_tokens_wei: null,
            },
            measured_tokens_per_second: null,
            tokens_per_second: 30,
            min_vram_gb: 0,
            available_nodes: 1,
          },
        ],
      }),
    );
    const [model] = await listModels();
    expect(model?.pricing).toEqual({
      usd_per_1m_input_tokens: 0.2,
      usd_per_1m_output_tokens: 0.6,
      far_per_1m_input_tokens_wei: 2n * 10n ** 18n,
      far_per_1m_output_tokens_wei: null,
    });
  });

  it('counts models_available whether the API sends ids or a number', async () => {
    const base = {
      total_nodes: 1,
      available_nodes: 1,
      total_vram_gb: 8,
      average_node_score: 80,
      tasks_completed_24h: 3,
    };
    vi.stubGlobal('fetch', respond(200, { ...base, models_available: ['far-demo', 'llama'] }));
    expect((await fetchNetworkStatus()).models_available).toEqual({ count: 2, ids: ['far-demo', 'llama'] });
    vi.stubGlobal('fetch', respond(200, { ...base, models_available: 4 }));
    expect((await fetchNetworkStatus()).models_available).toEqual({ count: 4, ids: [] });
  });
});
