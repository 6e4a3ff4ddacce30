import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAR_DEMO_SHA256, farDemoModel } from '../../test/support/farDemoModel.js';
import type { CatalogueModelInput } from './CatalogueModelInput.js';
import { getCatalogueModel } from './getCatalogueModel.js';
import { listCatalogueModels } from './listCatalogueModels.js';
import { readModelCatalogue } from './readModelCatalogue.js';
import { retireCatalogueModel } from './retireCatalogueModel.js';
import { upsertCatalogueModel } from './upsertCatalogueModel.js';

const phi: CatalogueModelInput = {
  id: 'phi-3.5-mini-instruct-q4_k_m',
  family: 'phi',
  parameterCount: 3_821_079_552,
  quantization: 'Q4_K_M',
  contextLength: 131_072,
  minVramGb: 4,
  tokensPerSecond: 90,
  inputPriceUsdPer1M: '0.02',
  outputPriceUsdPer1M: '0.05',
  weightsSha256: 'E4165E3A71AF97F1B4820DA61079826D8752A2088E313AF0C7D346796C38EFF5',
};

describe('model catalogue functions', () => {
  let testDb: TestDbHandle;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('reads the seeded catalogue with exact prices, far-demo pinned to its weights hash', async () => {
    const demo = await getCatalogueModel(testDb.db, 'far-demo');
    // The tests' far-demo fixture is the seeded row (the node's tests pin the hash to buildDemoModel).
    const { updatedAt: _fixtureTime, ...fixture } = farDemoModel;
    expect(demo).toMatchObject({ ...fixture, weightsSha256: FAR_DEMO_SHA256 });
    const llama = await getCatalogueModel(testDb.db, 'llama-3.1-8b-instruct-q4_k_m');
    expect(llama).toMatchObject({
      inputPriceUsdPer1M: '0.02',
      outputPriceUsdPer1M: '0.05',
      weightsSha256: null,
    });
    expect(await getCatalogueModel(testDb.db, 'gpt-4')).toBeUndefined();
  });

  it('adds a model (hash stored lower case), updates it in place, and the cached view sees each change at once', async () => {
    const before = await readModelCatalogue(testDb.db);
    expect(before.sellable(phi.id)).toBeUndefined();

    const added = await upsertCatalogueModel(testDb.db, phi);
    expect(added).toMatchObject({
      id: phi.id,
      status: 'active',
      weightsSha256: phi.weightsSha256?.toLowerCase(),
    });
    expect((await readModelCatalogue(testDb.db)).sellable(phi.id)?.outputPriceUsdPer1M).toBe('0.05');

    await upsertCatalogueModel(testDb.db, { ...phi, outputPriceUsdPer1M: '0.06' });
    expect((await readModelCatalogue(testDb.db)).sellable(phi.id)?.outputPriceUsdPer1M).toBe('0.06');
    expect((await listCatalogueModels(testDb.db)).filter((m) => m.id === phi.id)).toHaveLength(1);
  });

  it('retires a model: no longer sellable, still found for settling tasks admitted before, listed only with retired ones', async () => {
    await upsertCatalogueModel(testDb.db, { ...phi, id: 'to-retire' });
    const retired = await retireCatalogueModel(testDb.db, 'to-retire');
    expect(retired.status).toBe('retired');
    const catalogue = await readModelCatalogue(testDb.db);
    expect(catalogue.sellable('to-retire')).toBeUndefined();
    expect(catalogue.find('to-retire')?.status).toBe('retired');
    expect((await listCatalogueModels(testDb.db, { includeRetired: false })).map((m) => m.id)).not.toContain(
      'to-retire',
    );
    // An upsert without a status keeps it retired; with one, it comes back.
    await upsertCatalogueModel(testDb.db, { ...phi, id: 'to-retire', contextLength: 4096 });
    expect((await getCatalogueModel(testDb.db, 'to-retire'))?.status).toBe('retired');
    await upsertCatalogueModel(testDb.db, { ...phi, id: 'to-retire', status: 'active' });
    expect((await readModelCatalogue(testDb.db)).sellable('to-retire')?.contextLength).toBe(131_072);
  });

  it('refuses bad input with the field named, and retiring an unknown model', async () => {
    await expect(upsertCatalogueModel(testDb.db, { ...phi, inputPriceUsdPer1M: '-1' })).rejects.toMatchObject(
      {
        code: 'validation_failed',
        message: expect.stringContaining('inputPriceUsdPer1M'),
      },
    );
    await expect(upsertCatalogueModel(testDb.db, { ...phi, id: 'Has Spaces' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(upsertCatalogueModel(testDb.db, { ...phi, weightsSha256: 'abc' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(retireCatalogueModel(testDb.db, 'nope')).rejects.toMatchObject({ code: 'not_found' });
  });
});
