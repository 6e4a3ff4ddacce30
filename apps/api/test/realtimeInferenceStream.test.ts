import type { Db } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey } from '../src/auth/apiKeys.js';
import type { Bus } from '../src/bus/Bus.js';
import type { InferenceStreamMessage } from '../src/realtime/createInferenceStreamServer.js';
import { publishRealtime } from '../src/realtime/publishRealtime.js';
import { collect, createTestTask, createTestUser } from './support/realtimeFixtures.js';
import { type RealtimeTestbed, startRealtimeTestbed } from './support/startRealtimeTestbed.js';

// The plain WebSocket stream of one task's tokens, /ws/inference/{taskId}.

let testbed: RealtimeTestbed;
let db: Db;
let bus: Bus;
let gateway: RealtimeTestbed['gateway'];
beforeAll(async () => {
  testbed = await startRealtimeTestbed();
  ({ db, bus, gateway } = testbed);
});
afterAll(async () => {
  await testbed?.close();
});

const signedIn = (user: { token: string }) => testbed.signedIn(user);

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
