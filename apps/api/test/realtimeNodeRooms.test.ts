import type { Db } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../src/bus/Bus.js';
import { NODE_EVENTS_CHANNEL } from '../src/realtime/nodeBusChannels.js';
import { publishRealtime } from '../src/realtime/publishRealtime.js';
import { collect, createTestNode, createTestUser } from './support/realtimeFixtures.js';
import { type RealtimeTestbed, startRealtimeTestbed } from './support/startRealtimeTestbed.js';

// node:{id} rooms: only a node's owner joins, and gets its status and metrics.

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

function metricsFor(nodeId: string, ownerAddress: string, tasksCompleted: number) {
  return {
    nodeId,
    ownerAddress,
    status: 'online' as const,
    load: 1,
    tokensPerSecond: 42.5,
    tasksCompleted,
    earningsWei: 10n ** 18n + BigInt(tasksCompleted),
    at: new Date(),
  };
}

describe('node rooms (owner only)', () => {
  it('a user cannot join another owner’s node room, and gets none of its metrics', async () => {
    const owner = await createTestUser(db);
    const intruder = await createTestUser(db);
    const ownersNode = await createTestNode(db, owner.walletAddress);
    const intrudersNode = await createTestNode(db, intruder.walletAddress);
    const socket = await signedIn(intruder);

    const refusal = await socket.emitWithAck('subscribe:node', ownersNode);
    expect(refusal).toEqual({ ok: false, error: { code: 'not_found', message: expect.any(String) } });
    expect(await socket.emitWithAck('subscribe:node', intrudersNode)).toMatchObject({ ok: true });

    const metrics = collect<{ nodeId: string }>(socket, 'node:metrics');
    await publishRealtime(bus, 'node:metrics', metricsFor(ownersNode, owner.walletAddress, 1));
    // Same channel, same order: once the intruder's own node arrives, the other would have too.
    await publishRealtime(bus, 'node:metrics', metricsFor(intrudersNode, intruder.walletAddress, 2));
    await metrics.until((m) => m.nodeId === intrudersNode);
    expect(metrics.seen.map((m) => m.nodeId)).toEqual([intrudersNode]);
  });

  it('reports a refused subscribe as subscribe:error when the client sends no acknowledgement', async () => {
    const owner = await createTestUser(db);
    const intruder = await createTestUser(db);
    const nodeId = await createTestNode(db, owner.walletAddress);
    const socket = await signedIn(intruder);
    const errors = collect<{ event: string; code: string }>(socket, 'subscribe:error');
    socket.emit('subscribe:node', nodeId);
    expect(await errors.until(() => true)).toMatchObject({ event: 'subscribe:node', code: 'not_found' });
  });

  it('gives the owner node:status on subscribe and live node:metrics with wei as strings', async () => {
    const owner = await createTestUser(db);
    const nodeId = await createTestNode(db, owner.checksumAddress);
    const socket = await signedIn(owner);
    const status = collect<{ nodeId: string; status: string; totalEarnedWei: string }>(socket, 'node:status');
    const ack = await socket.emitWithAck('subscribe:node', nodeId);
    expect(ack).toMatchObject({ ok: true, node: { nodeId, status: 'online', totalEarnedWei: '0' } });
    expect(await status.until(() => true)).toMatchObject({ nodeId, totalEarnedWei: '0' });

    const metrics = collect<Record<string, unknown>>(socket, 'node:metrics');
    await publishRealtime(bus, 'node:metrics', metricsFor(nodeId, owner.checksumAddress, 7));
    expect(await metrics.until(() => true)).toMatchObject({
      nodeId,
      ownerAddress: owner.walletAddress,
      tasksCompleted: 7,
      earningsWei: '1000000000000000007',
    });
  });

  it('relays the node gateway’s lifecycle events to the owner as node:status', async () => {
    const owner = await createTestUser(db);
    const nodeId = await createTestNode(db, owner.walletAddress);
    const socket = await signedIn(owner);
    await socket.emitWithAck('subscribe:node', nodeId);
    const statuses = collect<{ status: string; at?: string }>(socket, 'node:status');
    await bus.publish(NODE_EVENTS_CHANNEL, {
      type: 'node.offline',
      nodeId,
      owner: owner.walletAddress,
      at: '2026-11-30T03:00:00.000Z',
    });
    expect(await statuses.until((s) => s.status === 'offline')).toEqual({
      nodeId,
      status: 'offline',
      at: '2026-11-30T03:00:00.000Z',
    });
  });

  it('validates the node id', async () => {
    const socket = await signedIn(await createTestUser(db));
    const ack = await socket.emitWithAck('subscribe:node', 'x'.repeat(101));
    expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });

  it('refuses node and task ids Postgres cannot store as invalid, not as an internal error', async () => {
    const socket = await signedIn(await createTestUser(db));
    for (const [event, id] of [
      ['subscribe:node', 'node\u0000'],
      ['subscribe:inference', '\u0000'],
      ['subscribe:inference', 'task\ud800'],
    ] as const) {
      const ack = await socket.emitWithAck(event, id);
      expect(ack).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    }
  });
});
