import { revenueStreams, users } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryNodeRegistry } from '../nodes/nodeRegistry.js';
import { accountRoutes } from './accountRoutes.js';

let database: TestDbHandle;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(async () => {
  await database?.close();
});

describe('GET /api/revenue', () => {
  it("sums the caller's revenue per service and stream, and nobody else's", async () => {
    const wallet = `0x${'cd'.repeat(20)}` as const;
    const [me, other] = await database.db
      .insert(users)
      .values([{ walletAddress: wallet }, { walletAddress: `0x${'ef'.repeat(20)}` }])
      .returning({ id: users.id });
    await database.db.insert(revenueStreams).values([
      { userId: me?.id ?? '', service: 'inference', streamType: 'inference_node', amountFarWei: 6n },
      { userId: me?.id ?? '', service: 'inference', streamType: 'inference_node', amountFarWei: 4n },
      { userId: me?.id ?? '', service: 'staking', streamType: 'staking_rewards', amountFarWei: 5n },
      { userId: other?.id ?? '', service: 'inference', streamType: 'inference_node', amountFarWei: 999n },
    ]);
    const app = accountRoutes({
      db: database.db,
      registry: createInMemoryNodeRegistry(),
      requireCaller: async (c, next) => {
        c.set('caller', { userId: me?.id ?? '', walletAddress: wallet });
        await next();
      },
    });
    const response = await app.request('/api/revenue');
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as { data: { service: string; streamType: string }[] };
    expect(data.sort((a, b) => a.service.localeCompare(b.service))).toEqual([
      { service: 'inference', streamType: 'inference_node', amountFarWei: '10', amountUsd: '0', count: 2 },
      { service: 'staking', streamType: 'staking_rewards', amountFarWei: '5', amountUsd: '0', count: 1 },
    ]);
  });
});
