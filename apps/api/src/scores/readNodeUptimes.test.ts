import { createTestDb, type TestDbHandle, testDrivers } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNode } from '../../test/support/testNode.js';
import { createDbNodeStore } from '../nodes/nodeStore.js';
import { readNodeUptimes, UPTIME_WINDOW_MS } from './readNodeUptimes.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const liveNode = (nodeId: string) =>
  testNode(nodeId, {
    owner: '0x00000000000000000000000000000000000000a1',
    gpu: { name: 'RTX 4090', vramGb: 24, kind: 'cuda' },
  });

describe.each(testDrivers())('readNodeUptimes on %s', (driver) => {
  let testDb: TestDbHandle;
  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('computes uptime from the heartbeat history the node store records', async () => {
    const store = createDbNodeStore(testDb.db);
    const t0 = Date.UTC(2026, 0, 1);
    const at = (ms: number) => new Date(t0 + ms);
    // Day 1: online 00:00–12:00 with a heartbeat write every 5 min, then a clean disconnect.
    expect((await store.registerNode(liveNode('uptime-a'), at(0))).ok).toBe(true);
    for (let t = 5 * MINUTE; t <= 12 * HOUR; t += 5 * MINUTE) await store.touch('uptime-a', at(t));
    await store.markOffline('uptime-a', at(12 * HOUR));
    // Day 2: back at 00:00, heartbeats until 06:00, then its coordinator crashed (no close).
    await store.registerNode(liveNode('uptime-a'), at(DAY));
    for (let t = DAY + HOUR; t <= DAY + 6 * HOUR; t += HOUR) await store.touch('uptime-a', at(t));
    // The node rejoins at 18:00 and stays connected until the end of day 2.
    await store.registerNode(liveNode('uptime-a'), at(DAY + 18 * HOUR));

    const now = t0 + 2 * DAY;
    const live = await readNodeUptimes(testDb.db, { nodeIds: ['uptime-a'], now, isLive: () => true });
    // 12 h + 6 h (the crashed connection ends at its last heartbeat) + 6 h still open, over 48 h.
    expect(live.get('uptime-a')).toBeCloseTo(24 / 48, 5);
    // Not connected any more: the open interval ends at its last heartbeat (its 18:00 join).
    const gone = await readNodeUptimes(testDb.db, { nodeIds: ['uptime-a'], now, isLive: () => false });
    expect(gone.get('uptime-a')).toBeCloseTo(18 / 48, 5);
  });

  it('judges the last week only, and gives 0 to a node with no history in it', async () => {
    const store = createDbNodeStore(testDb.db);
    const t0 = Date.UTC(2026, 1, 1);
    await store.registerNode(liveNode('uptime-b'), new Date(t0));
    await store.markOffline('uptime-b', new Date(t0 + DAY));
    const weekLater = t0 + DAY + UPTIME_WINDOW_MS;
    const uptimes = await readNodeUptimes(testDb.db, {
      nodeIds: ['uptime-b', 'never-seen'],
      now: weekLater,
      isLive: () => false,
    });
    expect(uptimes.get('uptime-b')).toBe(0);
    expect(uptimes.get('never-seen')).toBe(0);
    // Within the week after its first day, it was up that first day only.
    const early = await readNodeUptimes(testDb.db, {
      nodeIds: ['uptime-b'],
      now: t0 + 4 * DAY,
      isLive: () => false,
    });
    expect(early.get('uptime-b')).toBeCloseTo(1 / 4, 5);
  });
});
