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
});
