import { type Db, revenueStreams } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../src/bus/Bus.js';
import { publishRealtime } from '../src/realtime/publishRealtime.js';
import { collect, createTestUser } from './support/realtimeFixtures.js';
import { type RealtimeTestbed, startRealtimeTestbed } from './support/startRealtimeTestbed.js';

// revenue rooms: a user's own revenue totals and live updates.

let testbed: RealtimeTestbed;
let db: Db;
let bus: Bus;
beforeAll(async () => {
  testbed = await startRealtimeTestbed();
  ({ db, bus } = testbed);
});
afterAll(async () => {
  await testbed?.close();
});

const signedIn = (user: { token: string }) => testbed.signedIn(user);

describe('revenue rooms', () => {
  it('joins only the caller’s own revenue room and returns its totals so far', async () => {
    const user = await createTestUser(db);
    const other = await createTestUser(db);
    await db.insert(revenueStreams).values([
      { userId: user.id, streamType: 'inference_node', service: 'inference', amountFarWei: 6n * 10n ** 17n },
      { userId: user.id, streamType: 'inference_node', service: 'inference', amountFarWei: 10n ** 18n },
      { userId: user.id, streamType: 'staking_rewards', service: 'staking', amountFarWei: 5n },
      { userId: other.id, streamType: 'inference_node', service: 'inference', amountFarWei: 999n },
    ]);
    const socket = await signedIn(user);
    expect(await socket.emitWithAck('subscribe:revenue')).toEqual({
      ok: true,
      revenue: {
        walletAddress: user.walletAddress,
        byStream: { inference_node: '1600000000000000000', staking_rewards: '5' },
        totalFarWei: '1600000000000000005',
      },
    });

    const updates = collect<{ walletAddress: string; amountFarWei: string }>(socket, 'revenue:update');
    const at = new Date();
    await publishRealtime(bus, 'revenue:updates', {
      walletAddress: other.checksumAddress,
      streamType: 'inference_node',
      amountFarWei: 1n,
      at,
    });
    // Published with the checksummed address; the room is the lowercase one.
    await publishRealtime(bus, 'revenue:updates', {
      walletAddress: user.checksumAddress,
      streamType: 'inference_node',
      amountFarWei: 123n,
      taskId: 'task_x',
      at,
    });
    await updates.until(() => true);
    expect(updates.seen).toEqual([
      {
        walletAddress: user.walletAddress,
        streamType: 'inference_node',
        amountFarWei: '123',
        taskId: 'task_x',
        at: at.toISOString(),
      },
    ]);
  });
});
