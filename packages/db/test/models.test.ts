import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, models, type TestDbHandle } from '../src/index.js';

describe('models catalogue table', () => {
  let testDb: TestDbHandle;

  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('is seeded with far-demo (its deterministic weights hash), consumer-GPU models, an embedding model and the seed three', async () => {
    const rows = await testDb.db.select().from(models);
    const ids = rows.map((r) => r.id).sort();
    expect(ids).toEqual(
      [
        'far-demo',
        'gemma-2-9b-it-q4_k_m',
        'llama-3.1-8b-instruct-q4_k_m',
        'llama-405b',
        'llama-70b',
        'mistral-7b-instruct-v0.3-q4_k_m',
        'mixtral-8x22b',
        'nomic-embed-text-v1.5',
        'qwen2.5-32b-instruct-q4_k_m',
        'qwen2.5-7b-instruct-q4_k_m',
      ].sort(),
    );
    const [demo] = await testDb.db.select().from(models).where(eq(models.id, 'far-demo'));
    expect(demo).toMatchObject({
      family: 'far',
      minVramGb: 0,
      inputPriceUsdPer1M: '0.50000000',
      outputPriceUsdPer1M: '0.50000000',
      weightsSha256: 'd2f0bb9c3639b619f6a34778589284c04b46542e199921760c0afe0a79653cc7',
      kind: 'chat',
      status: 'active',
    });
    expect(rows.filter((r) => r.kind === 'embedding').map((r) => r.id)).toEqual(['nomic-embed-text-v1.5']);
    expect(rows.filter((r) => r.minVramGb > 0 && r.minVramGb <= 24).length).toBeGreaterThanOrEqual(5);
  });

  it('refuses a weights hash that is not 64 lowercase hex digits, an unknown kind or status, and negative prices', async () => {
    const base = {
      id: 'bad-model',
      family: 'test',
      parameterCount: 1,
      quantization: 'F16',
      contextLength: 1,
      minVramGb: 0,
      expectedTokensPerSecond: 1,
      inputPriceUsdPer1M: '1',
      outputPriceUsdPer1M: '1',
    };
    for (const row of [
      { ...base, weightsSha256: 'ABC' },
      { ...base, kind: 'image' as 'chat' },
      { ...base, status: 'gone' as 'active' },
      { ...base, inputPriceUsdPer1M: '-1' },
    ]) {
      await expect(testDb.db.insert(models).values(row)).rejects.toThrow();
    }
  });
});
