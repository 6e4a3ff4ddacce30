import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchBatchFileContent, listBatches } from './batchEndpoints';

afterEach(() => vi.unstubAllGlobals());

const batch = {
  id: 'batch_1',
  object: 'batch',
  endpoint: '/v1/chat/completions',
  errors: null,
  input_file_id: 'file-in',
  completion_window: '24h',
  status: 'completed',
  output_file_id: 'file-out',
  error_file_id: null,
  created_at: 1_800_000_000,
  in_progress_at: 1_800_000_001,
  expires_at: 1_800_086_400,
  finalizing_at: 1_800_000_009,
  completed_at: 1_800_000_010,
  failed_at: null,
  expired_at: null,
  cancelling_at: null,
  cancelled_at: null,
  request_counts: { total: 3, completed: 3, failed: 0 },
  metadata: null,
  far: { discount_bps: 5000, cost_far_wei: '123456789012345678901' },
};

describe('batch endpoints', () => {
  it('lists batches with their times as dates and their cost in wei as a bigint', async () => {
    const fetchMock = vi.fn(async () =>
      Response.json({
        object: 'list',
        data: [batch],
        first_id: 'batch_1',
        last_id: 'batch_1',
        has_more: false,
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const [decoded] = await listBatches('t0k');
    expect(decoded).toEqual({
      id: 'batch_1',
      endpoint: '/v1/chat/completions',
      status: 'completed',
      createdAt: new Date(1_800_000_000_000),
      completedAt: new Date(1_800_000_010_000),
      counts: { total: 3, completed: 3, failed: 0 },
      outputFileId: 'file-out',
      errorFileId: null,
      discountBps: 5000,
      costFarWei: 123456789012345678901n,
    });
    const [request] = fetchMock.mock.calls[0] as unknown as [Request];
    expect(new URL(request.url).pathname).toBe('/v1/batches');
    expect(request.headers.get('authorization')).toBe('Bearer t0k');
  });

  it("reads a result file's JSON Lines as text", async () => {
    const lines = '{"custom_id":"a"}\n{"custom_id":"b"}\n';
    const fetchMock = vi.fn(
      async () => new Response(lines, { headers: { 'content-type': 'application/jsonl' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    expect(await fetchBatchFileContent('t0k', 'file-out')).toBe(lines);
    const [request] = fetchMock.mock.calls[0] as unknown as [Request];
    expect(new URL(request.url).pathname).toBe('/v1/files/file-out/content');
  });
});
