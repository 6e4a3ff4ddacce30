import { createTestDb, type TestDbHandle, testDrivers } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNode } from '../../test/support/testNode.js';
import { createInMemoryNodeRegistry } from '../nodes/nodeRegistry.js';
import { createDbNodeStore } from '../nodes/nodeStore.js';
import { createLogger } from '../observability/createLogger.js';
import type { GatewayContext, NodeConnection } from './gatewayContext.js';
import { trackNodeStandings } from './trackNodeStandings.js';

const HOUR = 3_600_000;

const liveNode = (nodeId: string) =>
  testNode(nodeId, {
    owner: '0x00000000000000000000000000000000000000c3',
    gpu: { name: 'RTX 3090', vramGb: 24, kind: 'cuda' },
  });

describe.each(testDrivers())('trackNodeStandings on %s', (driver) => {
  let testDb: TestDbHandle;
  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('answers at once (full standing until read), then the node’s measured uptime', async () => {
    const store = createDbNodeStore(testDb.db);
    const now = Date.now();
    // Up for the first of its last four hours, down two, connected again for the last one.
    await store.registerNode(liveNode('standing-a'), new Date(now - 4 * HOUR));
    await store.markOffline('standing-a', new Date(now - 3 * HOUR));
    await store.registerNode(liveNode('standing-a'), new Date(now - HOUR));
    const registry = createInMemoryNodeRegistry();
    registry.add(liveNode('standing-a'));
    const ctx = {
      byNodeId: new Map([['standing-a', {} as NodeConnection]]),
      registry,
      pending: new Set<Promise<unknown>>(),
      logger: createLogger('silent'),
    } as unknown as GatewayContext;
    const tracker = trackNodeStandings(ctx, testDb.db, 60_000);
    try {
      expect(tracker.standing('standing-a')).toEqual({ uptime: 1, auditPassRate: 1 });
      await Promise.all([...ctx.pending]);
      const standing = tracker.standing('standing-a');
      expect(standing.uptime).toBeCloseTo(0.5, 2);
      expect(standing.auditPassRate).toBe(1);
    } finally {
      tracker.stop();
    }
  });
});
