import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNode } from '../../test/support/testNode.js';
import { createInMemoryNodeRegistry } from '../nodes/nodeRegistry.js';
import { networkRoutes } from './networkRoutes.js';

let database: TestDbHandle;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database?.close();
});

describe('networkRoutes', () => {
  it('counts a node as available only once it has proven a model and has a free slot', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('serving'));
    registry.add(testNode('probing', { models: [] }));
    registry.add(testNode('busy', { activeTasks: 1 }));
    const app = networkRoutes({
      db: database.db,
      registry,
      farUsdPrice: async () => 10_000_000n,
      requireCaller: async (_c, next) => next(),
    });
    const status = (await (await app.request('/api/network/status')).json()) as {
      available_nodes: number;
      models_available: string[];
    };
    expect(status.available_nodes).toBe(1);
    expect(status.models_available).toEqual(['far-demo']);
    const models = (await (await app.request('/v1/models')).json()) as {
      data: { id: string; available_nodes: number }[];
    };
    expect(models.data.find((m) => m.id === 'far-demo')?.available_nodes).toBe(2);
  });

  it('lists the catalogue on /v1/models with input and output prices in USD and FAR, live nodes and measured speed', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add(testNode('fast', { tokensPerSecond: 300 }));
    registry.add(testNode('slow', { tokensPerSecond: 100 }));
    const app = networkRoutes({
      db: database.db,
      registry,
      farUsdPrice: async () => 10_000_000n,
      requireCaller: async (_c, next) => next(),
    });
    const models = (await (await app.request('/v1/models')).json()) as {
      data: Record<string, unknown>[];
    };
    const llama = models.data.find((m) => m.id === 'llama-3.1-8b-instruct-q4_k_m');
    expect(llama).toMatchObject({
      object: 'model',
      kind: 'chat',
      family: 'llama',
      quantization: 'Q4_K_M',
      min_vram_gb: 8,
      available_nodes: 0,
      measured_tokens_per_second: null,
      // $0.02 and $0.05 per 1M tokens at $0.10 per FAR: 0.2 and 0.5 FAR.
      pricing: {
        usd_per_1m_input_tokens: '0.02',
        usd_per_1m_output_tokens: '0.05',
        far_per_1m_input_tokens_wei: (2n * 10n ** 17n).toString(),
        far_per_1m_output_tokens_wei: (5n * 10n ** 17n).toString(),
      },
    });
    expect(models.data.find((m) => m.id === 'far-demo')).toMatchObject({
      available_nodes: 2,
      measured_tokens_per_second: 200,
      weights_sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(models.data.find((m) => m.id === 'nomic-embed-text-v1.5')).toMatchObject({ kind: 'embedding' });
  });

  it('answers GET /api/models with the stored catalogue, and with vram_gb the models such a GPU can serve, best earning first', async () => {
    const app = networkRoutes({
      db: database.db,
      registry: createInMemoryNodeRegistry(),
      farUsdPrice: async () => 10_000_000n,
      requireCaller: async (_c, next) => next(),
    });
    const all = (await (await app.request('/api/models')).json()) as { models: { id: string }[] };
    expect(all.models.map((m) => m.id)).toContain('llama-405b');
    const fits = (await (await app.request('/api/models?vram_gb=8')).json()) as {
      models: { id: string; minVramGb: number }[];
    };
    expect(fits.models.every((m) => m.minVramGb <= 8)).toBe(true);
    expect(fits.models.map((m) => m.id)).toEqual(
      expect.arrayContaining(['far-demo', 'llama-3.1-8b-instruct-q4_k_m', 'qwen2.5-7b-instruct-q4_k_m']),
    );
    expect(fits.models.map((m) => m.id)).not.toContain('gemma-2-9b-it-q4_k_m');
    // Refused (422 in the whole app, whose validation hook this bare router lacks).
    expect((await app.request('/api/models?vram_gb=-1')).status).toBeGreaterThanOrEqual(400);
  });
});
