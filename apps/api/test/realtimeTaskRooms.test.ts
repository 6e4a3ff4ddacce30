import type { Db } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../src/bus/Bus.js';
import { publishRealtime } from '../src/realtime/publishRealtime.js';
import {
  collect,
  connected,
  connectTestSocket,
  createTestTask,
  createTestUser,
  startTestGateway,
  type TestClientSocket,
} from './support/realtimeFixtures.js';
import { type RealtimeTestbed, startRealtimeTestbed } from './support/startRealtimeTestbed.js';

// task:{id} rooms: a task's owner receives its inference tokens over socket.io.

let testbed: RealtimeTestbed;
let db: Db;
let bus: Bus;
let sockets: TestClientSocket[];
beforeAll(async () => {
  testbed = await startRealtimeTestbed();
  ({ db, bus, sockets } = testbed);
});
afterAll(async () => {
  await testbed?.close();
});

const signedIn = (user: { token: string }) => testbed.signedIn(user);

describe('task rooms and inference tokens', () => {
  it('delivers tokens published on the bus to a socket in task:{id}, in order', async () => {
    const user = await createTestUser(db);
    const taskId = await createTestTask(db, user.id);
    const socket = await signedIn(user);
    const status = collect<{ taskId: string; status: string }>(socket, 'task:status');
    expect(await socket.emitWithAck('subscribe:inference', taskId)).toMatchObject({
      ok: true,
      task: { taskId, status: 'running', modelName: 'far-demo' },
    });
    expect(await status.until(() => true)).toMatchObject({ taskId, status: 'running' });

    const tokens = collect<{ seq: number; text: string; done?: boolean }>(socket, 'inference:token');
    const words = ['Hello', ',', ' world', '!'];
    for (const [seq, text] of words.entries()) {
      await publishRealtime(bus, 'inference:updates', {
        taskId,
        userId: user.id,
        seq,
        text,
        ...(seq === words.length - 1
          ? { done: true, finishReason: 'stop' as const, usage: { promptTokens: 3, completionTokens: 4 } }
          : {}),
      });
    }
    await tokens.until((t) => t.done === true);
    expect(tokens.seen.map((t) => t.text).join('')).toBe('Hello, world!');
    expect(tokens.seen.map((t) => t.seq)).toEqual([0, 1, 2, 3]);
    expect(tokens.seen.at(-1)).toMatchObject({ finishReason: 'stop', usage: { completionTokens: 4 } });
  });

  it('refuses another user’s task room', async () => {
    const owner = await createTestUser(db);
    const other = await createTestUser(db);
    const taskId = await createTestTask(db, owner.id);
    const socket = await signedIn(other);
    expect(await socket.emitWithAck('subscribe:inference', taskId)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('stops delivering after unsubscribe:inference', async () => {
    const user = await createTestUser(db);
    const first = await createTestTask(db, user.id);
    const second = await createTestTask(db, user.id);
    const socket = await signedIn(user);
    await socket.emitWithAck('subscribe:inference', first);
    await socket.emitWithAck('subscribe:inference', second);
    expect(await socket.emitWithAck('unsubscribe:inference', first)).toEqual({ ok: true });
    const tokens = collect<{ taskId: string }>(socket, 'inference:token');
    await publishRealtime(bus, 'inference:updates', { taskId: first, userId: user.id, seq: 0, text: 'a' });
    await publishRealtime(bus, 'inference:updates', { taskId: second, userId: user.id, seq: 0, text: 'b' });
    await tokens.until((t) => t.taskId === second);
    expect(tokens.seen.map((t) => t.taskId)).toEqual([second]);
  });

  it('keeps relaying after a malformed bus message', async () => {
    const user = await createTestUser(db);
    const taskId = await createTestTask(db, user.id);
    const socket = await signedIn(user);
    await socket.emitWithAck('subscribe:inference', taskId);
    const tokens = collect<{ text: string }>(socket, 'inference:token');
    await bus.publish('inference:updates', { taskId, seq: 'not a number' });
    await publishRealtime(bus, 'inference:updates', { taskId, userId: user.id, seq: 0, text: 'ok' });
    await tokens.until(() => true);
    expect(tokens.seen).toEqual([expect.objectContaining({ text: 'ok' })]);
  });

  it('caps how many rooms one socket may join', async () => {
    const limited = await startTestGateway({ db, bus, maxSubscriptionsPerSocket: 1 });
    try {
      const user = await createTestUser(db);
      const socket = connectTestSocket(limited.url, user.token);
      sockets.push(socket);
      await connected(socket);
      expect(await socket.emitWithAck('subscribe:revenue')).toMatchObject({ ok: true });
      const taskId = await createTestTask(db, user.id);
      expect(await socket.emitWithAck('subscribe:inference', taskId)).toMatchObject({
        ok: false,
        error: { code: 'too_many_subscriptions' },
      });
      // Re-joining a room it already holds is not a new subscription.
      expect(await socket.emitWithAck('subscribe:revenue')).toMatchObject({ ok: true });
    } finally {
      await limited.close();
    }
  });
});
