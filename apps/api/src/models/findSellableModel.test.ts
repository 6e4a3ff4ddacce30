import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSellableModel } from './findSellableModel.js';
import { retireCatalogueModel } from './retireCatalogueModel.js';

describe('findSellableModel', () => {
  let testDb: TestDbHandle;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('finds an active model for chat and for embeddings', async () => {
    expect((await findSellableModel(testDb.db, 'far-demo', 'chat')).id).toBe('far-demo');
    expect((await findSellableModel(testDb.db, 'far-demo', 'embeddings')).id).toBe('far-demo');
    expect((await findSellableModel(testDb.db, 'nomic-embed-text-v1.5', 'embeddings')).kind).toBe(
      'embedding',
    );
  });

  it('refuses to chat with an embedding model', async () => {
    await expect(findSellableModel(testDb.db, 'nomic-embed-text-v1.5', 'chat')).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringMatching(/computes embeddings/),
    });
  });

  it('answers model_not_found with close matches for an unknown id, and for a retired one', async () => {
    await expect(findSellableModel(testDb.db, 'qwen2.5-7b', 'chat')).rejects.toMatchObject({
      code: 'model_not_found',
      details: { suggestions: expect.arrayContaining(['qwen2.5-7b-instruct-q4_k_m']) },
    });
    await retireCatalogueModel(testDb.db, 'llama-405b');
    await expect(findSellableModel(testDb.db, 'llama-405b', 'chat')).rejects.toMatchObject({
      code: 'model_not_found',
      message: expect.stringMatching(/retired/),
    });
  });
});
