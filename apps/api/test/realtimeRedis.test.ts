import { randomUUID } from 'node:crypto';
import { createTestDb, type Db, type TestDbHandle } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../src/bus/Bus.js';
import { createInProcessBus } from '../src/bus/createInProcessBus.js';
import { createRedisBus } from '../src/bus/createRedisBus.js';
import { publishRealtime } from '../src/realtime/publishRealtime.js';
import { rooms } from '../src/realtime/rooms.js';
import {
  collect,
  connected,
  connectTestSocket,
  createTestNode,
  createTestTask,
  createTestUser,
  startTestGateway,
  type TestClientSocket,
} from './support/realtimeFixtures.js';

const redisUrl = process.env.REDIS_URL;

/**
 * Two gateway replicas: two HTTP servers, two socket.io servers, one Redis (the adapter), one
 * database. A client connects to B; messages enter at A.
 */
describe.skipIf(!redisUrl)('two gateway replicas over Redis', () => {
  let database: TestDbHandle;
  let db: Db;
  const cleanups: Array<() => Promise<void>> = [];
  const sockets: TestClientSocket[] = [];

  beforeAll(async () => {
    database = await createTestDb();
    db = database.db;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const cleanup of cleanups.reverse()) await cleanup();
    await database?.close();
  });

  /** Starts replicas A and B sharing a private adapter key, each with the given bus. */
  async function replicas(buses: { a: Bus; b: Bus }, busScope: 'cluster' | 'process') {
    const adapterKey = `far-test-${randomUUID()}`;
    const a = await startTestGateway({ db, bus: buses.a, redisUrl, adapterKey, busScope });
    cleanups.push(() => a.close());
    const b = await startTestGateway({ db, bus: buses.b, redisUrl, adapterKey, busScope });
    cleanups.push(() => b.close());
    return { a, b };
  }

  async function clientOn(url: string, token: string) {
    const socket = connectTestSocket(url, token);
    sockets.push(socket);
    await connected(socket);
    return socket;
  }

  it('delivers tokens published on replica A’s bus to a task:{id} client on replica B', async () => {
    // Per-process buses: only A hears the publish, so only the Redis adapter can carry it to B.
    const busA = createInProcessBus();
    const busB = createInProcessBus();
    cleanups.push(
      () => busA.close(),
      () => busB.close(),
    );
    const { b } = await replicas({ a: busA, b: busB }, 'process');

    const user = await createTestUser(db);
    const taskId = await createTestTask(db, user.id);
    const socket = await clientOn(b.url, user.token);
    expect(await socket.emitWithAck('subscribe:inference', taskId)).toMatchObject({ ok: true });
    const tokens = collect<{ text: string; seq: number }>(socket, 'inference:token');

    await publishRealtime(busA, 'inference:updates', { taskId, userId: user.id, seq: 0, text: 'across' });
    await publishRealtime(busA, 'inference:updates', {
      taskId,
      userId: user.id,
      seq: 1,
      text: ' replicas',
      done: true,
    });
    await tokens.until((t) => t.seq === 1);
    expect(tokens.seen.map((t) => t.text).join('')).toBe('across replicas');
  });

  it('broadcasts from replica A to a user:{id} client on replica B', async () => {
    const bus = createInProcessBus();
    cleanups.push(() => bus.close());
    const { a, b } = await replicas({ a: bus, b: bus }, 'process');
    const user = await createTestUser(db);
    const socket = await clientOn(b.url, user.token);
    const expired = collect(socket, 'session:expired');
    a.gateway.broadcast(rooms.user(user.id), 'session:expired');
    await expired.until(() => true);
  });

  it('with a shared Redis bus, a client on B gets each message once, not once per replica', async () => {
    // The real channel names on a shared Redis: other tests' messages may pass by, but they name
    // other nodes, whose rooms these clients are not in.
    const busA = await createRedisBus(redisUrl as string);
    const busB = await createRedisBus(redisUrl as string);
    cleanups.push(
      () => busA.close(),
      () => busB.close(),
    );
    const { a, b } = await replicas({ a: busA, b: busB }, 'cluster');

    const owner = await createTestUser(db);
    const nodeId = await createTestNode(db, owner.walletAddress);
    const onA = await clientOn(a.url, owner.token);
    const onB = await clientOn(b.url, owner.token);
    for (const socket of [onA, onB]) {
      expect(await socket.emitWithAck('subscribe:node', nodeId)).toMatchObject({ ok: true });
    }
    const metricsA = collect<{ tasksCompleted: number }>(onA, 'node:metrics');
    const metricsB = collect<{ tasksCompleted: number }>(onB, 'node:metrics');

    const at = new Date();
    const base = {
      nodeId,
      ownerAddress: owner.walletAddress,
      status: 'online' as const,
      load: 0,
      tokensPerSecond: 1,
      earningsWei: 0n,
      at,
    };
    await publishRealtime(busA, 'node:metrics', { ...base, tasksCompleted: 1 });
    // A second message on the same channel: once it arrives, any duplicate of the first would have.
    await publishRealtime(busA, 'node:metrics', { ...base, tasksCompleted: 2 });
    await metricsB.until((m) => m.tasksCompleted === 2);
    await metricsA.until((m) => m.tasksCompleted === 2);
    expect(metricsB.seen.map((m) => m.tasksCompleted)).toEqual([1, 2]);
    expect(metricsA.seen.map((m) => m.tasksCompleted)).toEqual([1, 2]);
  });
});
