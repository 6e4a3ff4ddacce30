import { createTestDb, networkMetrics, type TestDbHandle, testDrivers } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInMemoryNodeRegistry } from '../nodes/nodeRegistry.js';
import { createLogger } from '../observability/createLogger.js';
import { sampleNetworkMetrics } from './sampleNetworkMetrics.js';
import { startNetworkMetricsWriter } from './startNetworkMetricsWriter.js';

describe.each(testDrivers())('the network metrics writer on %s', (driver) => {
  let testDb: TestDbHandle;
  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('samples the live registry and the queue, and writes one minute row at once', async () => {
    const registry = createInMemoryNodeRegistry();
    registry.add({
      nodeId: 'sampled-1',
      owner: '0x00000000000000000000000000000000000000d4',
      gpu: { name: 'RTX 4090', vramGb: 24, kind: 'cuda' },
      engine: 'llama',
      models: [{ id: 'far-demo' }, { id: 'llama-3.1-8b-instruct-q4_k_m' }],
      maxConcurrency: 4,
      version: 'test',
      connectedAt: 0,
      status: 'online',
      score: 90,
      activeTasks: 1,
      tokensPerSecond: 55,
      lastHeartbeatAt: 0,
    });
    const sample = await sampleNetworkMetrics(
      { db: testDb.db, registry, queued: () => 3 },
      Date.now(),
      60_000,
    );
    expect(sample).toMatchObject({
      nodesOnline: 1,
      totalVramGb: 24,
      tokensPerSecond: 55,
      utilization: 0.25,
      averageScore: 90,
      queueDepth: 3,
      requests: 0,
      errorRate: 0,
      nodesByModel: { 'far-demo': 1, 'llama-3.1-8b-instruct-q4_k_m': 1 },
    });

    const stop = startNetworkMetricsWriter({
      db: testDb.db,
      registry,
      queued: () => 0,
      logger: createLogger('silent'),
    });
    await stop();
    const rows = await testDb.db.select().from(networkMetrics);
    expect(rows.map((r) => [r.resolution, r.metrics.nodesOnline])).toEqual([['minute', 1]]);
  });
});
