import { createTestDb, type Db, revenueStreams, type TestDbHandle } from '@far/db';
import { SignJWT } from 'jose';
import { io as connectSocketIo } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createApiKey } from '../src/auth/apiKeys.js';
import type { Bus } from '../src/bus/Bus.js';
import { createInProcessBus } from '../src/bus/createInProcessBus.js';
import type { InferenceStreamMessage } from '../src/realtime/createInferenceStreamServer.js';
import { NODE_EVENTS_CHANNEL } from '../src/realtime/nodeBusChannels.js';
import { publishRealtime } from '../src/realtime/publishRealtime.js';
import { rooms } from '../src/realtime/rooms.js';
import {
  collect,
  connected,
  connectTestSocket,
  createTestNode,
  createTestTask,
  createTestUser,
  refused,
  startTestGateway,
  type TestClientSocket,
} from './support/realtimeFixtures.js';

let database: TestDbHandle;
let db: Db;
let bus: Bus;
let gateway: Awaited<ReturnType<typeof startTestGateway>>;
const sockets: TestClientSocket[] = [];

beforeAll(async () => {
  database = await createTestDb();
  db = database.db;
  bus = createInProcessBus();
  gateway = await startTestGateway({ db, bus });
});
afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await gateway?.close();
  await bus?.close();
  await database?.close();
});

function open(token: string | undefined) {
  const socket = connectTestSocket(gateway.url, token);
  sockets.push(socket);
  return socket;
}

async function signedIn(user: { token: string }) {
  const socket = open(user.token);
  await connected(socket);
  return socket;
}

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

describe('socket.io authentication', () => {
  it('refuses a socket without a token', async () => {
    const error = await refused(open(undefined));
    expect(error.data?.code).toBe('unauthorized');
  });

  it('refuses a socket whose JWT was signed with another secret', async () => {
    const user = await createTestUser(db);
    const forged = await new SignJWT({ addr: user.walletAddress })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('far-labs')
      .setAudience('far-api')
      .setExpirationTime('15m')
      .sign(new TextEncoder().encode('not-the-server-secret-not-the-server'));
    const error = await refused(open(forged));
    expect(error.data?.code).toBe('invalid_token');
  });

  it('refuses an expired JWT with token_expired', async () => {
    const user = await createTestUser(db, { now: new Date(Date.now() - 60 * 60_000) });
    const error = await refused(open(user.token));
    expect(error.data?.code).toBe('token_expired');
  });

  it('refuses an API key: socket.io is for signed-in browsers', async () => {
    const user = await createTestUser(db);
    const { key } = await createApiKey(db, { userId: user.id, name: 'sdk' });
    const error = await refused(open(key));
    expect(error.data?.code).toBe('invalid_token');
  });

  it('admits a valid JWT and puts the socket in user:{id}', async () => {
    const user = await createTestUser(db);
    const socket = await signedIn(user);
    const expired = collect(socket, 'session:expired');
    gateway.gateway.broadcast(rooms.user(user.id), 'session:expired');
    await expired.until(() => true);
  });

  it('admits a JWT sent as an Authorization header (clients outside a browser)', async () => {
    const user = await createTestUser(db);
    const socket = connectSocketIo(gateway.url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      extraHeaders: { authorization: `Bearer ${user.token}` },
    });
    sockets.push(socket);
    await connected(socket);
    expect(await socket.emitWithAck('subscribe:revenue')).toMatchObject({ ok: true });
  });

  it('disconnects the socket when its access token expires', async () => {
    // Issued 15 minutes minus 5 seconds ago: valid while connecting (even on a loaded machine), expired soon after.
    const user = await createTestUser(db, { now: new Date(Date.now() - 15 * 60_000 + 5_000) });
    const socket = await signedIn(user);
    const expired = collect(socket, 'session:expired');
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await expired.until(() => true);
    expect(await disconnected).toBe('io server disconnect');
  });
});

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

type StreamResult = { messages: InferenceStreamMessage[]; code: number };

function openStream(url: string, headers: Record<string, string> = {}) {
  const ws = new WebSocket(url, { headers });
  const messages: InferenceStreamMessage[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as InferenceStreamMessage));
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const firstMessage = new Promise<void>((resolve) => ws.once('message', () => resolve()));
  const closed = new Promise<StreamResult>((resolve) =>
    ws.once('close', (code) => resolve({ messages, code })),
  );
  return { ws, opened, firstMessage, closed };
}

/** Resolves with the HTTP status of a refused upgrade and its JSON body. */
function refusedStream(url: string) {
  return new Promise<{ status: number; body: { error: { code: string } } }>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => reject(new Error('stream opened but should have been refused')));
    ws.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(body) }));
    });
  });
}

describe('/ws/inference/{taskId}', () => {
  it('streams the task status, then the tokens published on the bus, and closes after done', async () => {
    const user = await createTestUser(db);
    const taskId = await createTestTask(db, user.id);
    const stream = openStream(`${gateway.wsUrl}/ws/inference/${taskId}?token=${user.token}`);
    await stream.firstMessage;
    await publishRealtime(bus, 'inference:updates', { taskId, userId: user.id, seq: 0, text: 'Hi' });
    await publishRealtime(bus, 'inference:updates', {
      taskId,
      userId: user.id,
      seq: 1,
      text: '!',
      done: true,
      finishReason: 'stop',
      usage: { promptTokens: 2, completionTokens: 2, costFarWei: 10n ** 20n },
    });
    const { messages, code } = await stream.closed;
    expect(code).toBe(1000);
    expect(messages).toEqual([
      { type: 'status', task: expect.objectContaining({ taskId, status: 'running' }) },
      { type: 'token', taskId, userId: user.id, seq: 0, text: 'Hi' },
      {
        type: 'token',
        taskId,
        userId: user.id,
        seq: 1,
        text: '!',
        done: true,
        finishReason: 'stop',
        usage: { promptTokens: 2, completionTokens: 2, costFarWei: '100000000000000000000' },
      },
    ]);
    expect(gateway.gateway.inferenceStream.subscriberCount(taskId)).toBe(0);
  });

  it('reaches a socket.io subscriber and a plain stream subscriber with the same publish', async () => {
    const user = await createTestUser(db);
    const taskId = await createTestTask(db, user.id);
    const socket = await signedIn(user);
    await socket.emitWithAck('subscribe:inference', taskId);
    const tokens = collect<{ text: string }>(socket, 'inference:token');
    const stream = openStream(`${gateway.wsUrl}/ws/inference/${taskId}`, {
      authorization: `Bearer ${user.token}`,
    });
    await stream.firstMessage;
    await publishRealtime(bus, 'inference:updates', {
      taskId,
      userId: user.id,
      seq: 0,
      text: 'both',
      done: true,
    });
    expect((await tokens.until(() => true)).text).toBe('both');
    expect((await stream.closed).messages.at(-1)).toMatchObject({ type: 'token', text: 'both' });
  });

  it('accepts an API key in the Authorization header', async () => {
    const user = await createTestUser(db);
    const { key } = await createApiKey(db, { userId: user.id, name: 'sdk' });
    const taskId = await createTestTask(db, user.id);
    const stream = openStream(`${gateway.wsUrl}/ws/inference/${taskId}`, { authorization: `Bearer ${key}` });
    await stream.firstMessage;
    await publishRealtime(bus, 'inference:updates', {
      taskId,
      userId: user.id,
      seq: 0,
      text: 'k',
      done: true,
    });
    expect((await stream.closed).messages.map((m) => m.type)).toEqual(['status', 'token']);
  });

  it('sends the final status and closes at once when the task already ended', async () => {
    const user = await createTestUser(db);
    const taskId = await createTestTask(db, user.id, 'completed');
    const { messages, code } = await openStream(`${gateway.wsUrl}/ws/inference/${taskId}?token=${user.token}`)
      .closed;
    expect(code).toBe(1000);
    expect(messages).toEqual([{ type: 'status', task: expect.objectContaining({ status: 'completed' }) }]);
  });

  it('closes the stream with 4401 when the access token expires', async () => {
    const user = await createTestUser(db, { now: new Date(Date.now() - 15 * 60_000 + 5_000) });
    const taskId = await createTestTask(db, user.id);
    const { messages, code } = await openStream(`${gateway.wsUrl}/ws/inference/${taskId}?token=${user.token}`)
      .closed;
    expect(code).toBe(4401);
    expect(messages.map((m) => m.type)).toEqual(['status']);
  });

  it('refuses a subscriber without a token with 401, before upgrading', async () => {
    const user = await createTestUser(db);
    const taskId = await createTestTask(db, user.id);
    const { status, body } = await refusedStream(`${gateway.wsUrl}/ws/inference/${taskId}`);
    expect(status).toBe(401);
    expect(body.error.code).toBe('unauthorized');
  });

  it('refuses an invalid token with 401', async () => {
    const user = await createTestUser(db);
    const taskId = await createTestTask(db, user.id);
    const { status, body } = await refusedStream(`${gateway.wsUrl}/ws/inference/${taskId}?token=far_sk_nope`);
    expect(status).toBe(401);
    expect(body.error.code).toBe('invalid_token');
  });

  it('refuses another user’s task with 404', async () => {
    const owner = await createTestUser(db);
    const other = await createTestUser(db);
    const taskId = await createTestTask(db, owner.id);
    const { status, body } = await refusedStream(
      `${gateway.wsUrl}/ws/inference/${taskId}?token=${other.token}`,
    );
    expect(status).toBe(404);
    expect(body.error.code).toBe('not_found');
  });

  it('refuses a task id Postgres cannot store with 400, not 500', async () => {
    const user = await createTestUser(db);
    for (const id of ['%00', 'a%00b', '%ED%A0%80', '%']) {
      const { status, body } = await refusedStream(`${gateway.wsUrl}/ws/inference/${id}?token=${user.token}`);
      expect({ id, status, code: body.error.code }).toEqual({ id, status: 400, code: 'bad_request' });
    }
  });
});

describe('sharing the HTTP server', () => {
  it('leaves other upgrade paths to their own handler, even a slow one', async () => {
    const nodes = new WebSocketServer({ noServer: true });
    const onUpgrade = (
      request: import('node:http').IncomingMessage,
      socket: import('node:stream').Duplex,
      head: Buffer,
    ) => {
      if (!request.url?.startsWith('/v1/nodes/connect')) return;
      // Slower than engine.io's default 1 s destroyUpgrade timer, which the gateway turns off.
      setTimeout(() => {
        nodes.handleUpgrade(request, socket, head, (ws) => ws.send('node gateway here'));
      }, 1_200);
    };
    gateway.server.on('upgrade', onUpgrade);
    try {
      const ws = new WebSocket(`${gateway.wsUrl}/v1/nodes/connect`);
      const greeting = await new Promise<string>((resolve, reject) => {
        ws.once('message', (data) => resolve(String(data)));
        ws.once('error', reject);
      });
      expect(greeting).toBe('node gateway here');
      ws.close();
    } finally {
      gateway.server.off('upgrade', onUpgrade);
      nodes.close();
    }
  });

  it('claims only its own upgrade paths', () => {
    const owns = (url: string) => gateway.gateway.ownsUpgrade({ url } as import('node:http').IncomingMessage);
    expect(owns('/socket.io/?EIO=4&transport=websocket')).toBe(true);
    expect(owns('/ws/inference/task_1?token=x')).toBe(true);
    expect(owns('/v1/nodes/connect')).toBe(false);
    expect(owns('/ws/inference/')).toBe(false);
    expect(owns('/socket.iox/')).toBe(false);
  });

  it('hands the server back on close: HTTP still works and /socket.io is no longer served', async () => {
    const other = await startTestGateway({ db, bus });
    const user = await createTestUser(db);
    const socket = connectTestSocket(other.url, user.token);
    sockets.push(socket);
    await connected(socket);
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await other.gateway.close();
    expect(await disconnected).toBe('io server disconnect');
    expect(await (await fetch(`${other.url}/hello`)).text()).toBe('hello');
    expect((await fetch(`${other.url}/socket.io/?EIO=4&transport=polling`)).status).toBe(404);
    other.server.closeAllConnections();
    await new Promise<void>((resolve) => other.server.close(() => resolve()));
  });
});
