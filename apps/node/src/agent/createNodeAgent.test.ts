import type { AddressInfo } from 'node:net';
import {
  buildNodeJoinMessage,
  type HelloMessage,
  NodeCloseCode,
  type NodeToServerMessage,
  type ServerToNodeMessage,
} from '@far/protocol';
import { verifyMessage } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { createScriptedEngine } from '../../test/support/createScriptedEngine.js';
import { expandTokenFrames } from '../../test/support/expandTokenFrames.js';
import type { Engine } from '../engines/engine.js';
import { createNodeAgent, type NodeAgent } from './createNodeAgent.js';

type FakeCoordinator = {
  url: string;
  hellos: HelloMessage[];
  received: NodeToServerMessage[];
  sockets: WebSocket[];
  next<T extends NodeToServerMessage['type']>(type: T): Promise<Extract<NodeToServerMessage, { type: T }>>;
  send(message: ServerToNodeMessage): void;
  /** Close code to use instead of welcoming the next hello. */
  refuseWith: number | undefined;
  close(): Promise<void>;
};

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A minimal coordinator: challenges, verifies the signature like the real one, then welcomes. */
async function startFakeCoordinator(): Promise<FakeCoordinator> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  const received: NodeToServerMessage[] = [];
  const consumed = new Set<NodeToServerMessage>();
  const waiters: { type: string; resolve: (m: NodeToServerMessage) => void }[] = [];
  const coordinator: FakeCoordinator = {
    url,
    hellos: [],
    received,
    sockets: [],
    refuseWith: undefined,
    next(type) {
      const ready = received.find((m) => m.type === type && !consumed.has(m));
      if (ready) {
        consumed.add(ready);
        return Promise.resolve(ready as never);
      }
      return new Promise((resolve) =>
        waiters.push({ type, resolve: resolve as (m: NodeToServerMessage) => void }),
      );
    },
    send(message) {
      coordinator.sockets.at(-1)?.send(JSON.stringify(message));
    },
    close: () => new Promise((resolve) => wss.close(() => resolve())),
  };
  wss.on('connection', (ws) => {
    coordinator.sockets.push(ws);
    const challenge = {
      type: 'challenge',
      protocolVersion: 1,
      nonce: 'ab'.repeat(32),
      issuedAt: new Date().toISOString(),
    } as const;
    ws.send(JSON.stringify(challenge));
    ws.on('message', async (data) => {
      const message = JSON.parse(String(data)) as NodeToServerMessage;
      if (message.type === 'hello') {
        coordinator.hellos.push(message);
        const valid = await verifyMessage({
          address: message.owner as `0x${string}`,
          message: buildNodeJoinMessage({
            coordinatorUrl: url,
            nodeId: message.nodeId,
            owner: message.owner,
            nonce: challenge.nonce,
            issuedAt: challenge.issuedAt,
          }),
          signature: message.signature as `0x${string}`,
        });
        if (!valid || coordinator.refuseWith) {
          ws.send(JSON.stringify({ type: 'error', code: 'bad_signature', message: 'refused' }));
          ws.close(coordinator.refuseWith ?? NodeCloseCode.authFailed, 'refused');
          return;
        }
        ws.send(
          JSON.stringify({
            type: 'welcome',
            nodeId: message.nodeId,
            heartbeatIntervalMs: 100,
            earningsWei: '5',
          }),
        );
      }
      received.push(message);
      const at = waiters.findIndex((w) => w.type === message.type);
      if (at >= 0) {
        consumed.add(message);
        waiters.splice(at, 1)[0]?.resolve(message);
      }
    });
  });
  cleanups.push(() => coordinator.close());
  return coordinator;
}

function startAgent(coordinator: FakeCoordinator, engine: Engine, maxConcurrency = 1): NodeAgent {
  const agent = createNodeAgent({
    coordinatorUrl: coordinator.url,
    account: privateKeyToAccount(generatePrivateKey()),
    nodeId: 'unit-node',
    engine,
    gpu: { name: 'Test GPU', vramGb: 24, kind: 'cuda' },
    maxConcurrency,
    version: 'test',
    backoff: { baseMs: 20, maxMs: 50 },
    suspendedRetry: { firstMs: 20, maxMs: 50 },
  });
  agent.start();
  cleanups.push(() => agent.stop());
  return agent;
}

const assign = (taskId: string, overrides: Record<string, unknown> = {}) =>
  ({
    type: 'task.assign',
    taskId,
    model: 'far-demo',
    prompt: 'hi',
    maxTokens: 8,
    temperature: 0,
    ...overrides,
  }) as ServerToNodeMessage;

describe('createNodeAgent', () => {
  it('answers the challenge with a valid owner signature for this coordinator and its capabilities', async () => {
    const coordinator = await startFakeCoordinator();
    const agent = startAgent(coordinator, createScriptedEngine(), 2);
    await coordinator.next('hello');
    expect(coordinator.hellos[0]).toMatchObject({
      nodeId: 'unit-node',
      engine: 'openai',
      models: [{ id: 'far-demo', contextLength: 256 }],
      maxConcurrency: 2,
      gpu: { vramGb: 24, kind: 'cuda' },
    });
    await expect.poll(() => agent.status().state).toBe('connected');
    expect(agent.status().earningsWei).toBe(5n);
    expect(await coordinator.next('heartbeat')).toMatchObject({ load: 0, tasksCompleted: 0 });
  });

  it('streams the engine tokens with contiguous seq, the first at once and the rest of its turn in one frame, then task.done', async () => {
    const coordinator = await startFakeCoordinator();
    const engine = createScriptedEngine({ tokens: ['x', 'y', 'z'] });
    startAgent(coordinator, engine);
    await coordinator.next('hello');
    coordinator.send(assign('t1', { seed: 3, stop: ['.'] }));
    expect(await coordinator.next('task.accepted')).toEqual({ type: 'task.accepted', taskId: 't1' });
    expect(await coordinator.next('task.token')).toEqual({
      type: 'task.token',
      taskId: 't1',
      seq: 0,
      text: 'x',
    });
    expect(await coordinator.next('task.tokens')).toEqual({
      type: 'task.tokens',
      taskId: 't1',
      seq: 1,
      texts: ['y', 'z'],
    });
    expect(await coordinator.next('task.done')).toEqual({
      type: 'task.done',
      taskId: 't1',
      usage: { promptTokens: 2, completionTokens: 3 },
      finishReason: 'stop',
    });
    expect(engine.requests[0]).toMatchObject({
      model: 'far-demo',
      prompt: 'hi',
      maxTokens: 8,
      seed: 3,
      stop: ['.'],
    });
  });

  it('claims as completion tokens only the frames that show text, as the coordinator bills them', async () => {
    const coordinator = await startFakeCoordinator();
    startAgent(coordinator, createScriptedEngine({ tokens: ['Hello', '', ' ', '\n', ' world'] }));
    await coordinator.next('hello');
    coordinator.send(assign('t1'));
    expect(await coordinator.next('task.done')).toMatchObject({
      usage: { promptTokens: 2, completionTokens: 2 },
    });
    expect(expandTokenFrames(coordinator.received).map((m) => m.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses tasks it cannot take: busy, unknown model, duplicate id', async () => {
    const coordinator = await startFakeCoordinator();
    startAgent(coordinator, createScriptedEngine({ hang: true }));
    await coordinator.next('hello');
    coordinator.send(assign('running'));
    await coordinator.next('task.accepted');
    coordinator.send(assign('running'));
    expect(await coordinator.next('task.error')).toMatchObject({ taskId: 'running', code: 'duplicate_task' });
    coordinator.send(assign('second'));
    expect(await coordinator.next('task.error')).toMatchObject({ taskId: 'second', code: 'busy' });
    coordinator.send({ type: 'task.cancel', taskId: 'running' });
    await coordinator.next('task.done');
    coordinator.send(assign('other-model', { model: 'llama-70b' }));
    expect(await coordinator.next('task.error')).toMatchObject({
      taskId: 'other-model',
      code: 'model_not_found',
    });
  });

  it('aborts the engine on task.cancel and reports the task cancelled', async () => {
    const coordinator = await startFakeCoordinator();
    const engine = createScriptedEngine({ hang: true });
    startAgent(coordinator, engine);
    await coordinator.next('hello');
    coordinator.send(assign('c1'));
    await coordinator.next('task.token');
    coordinator.send({ type: 'task.cancel', taskId: 'c1' });
    expect(await coordinator.next('task.done')).toMatchObject({ taskId: 'c1', finishReason: 'cancelled' });
    expect(engine.requests[0]?.signal?.aborted).toBe(true);
  });

  it('drains: announces it, finishes the running task, refuses new ones, then exits', async () => {
    const coordinator = await startFakeCoordinator();
    const engine = createScriptedEngine({ hang: true });
    const agent = startAgent(coordinator, engine, 2);
    await coordinator.next('hello');
    coordinator.send(assign('d1'));
    await coordinator.next('task.token');
    const drained = agent.drain();
    await coordinator.next('drain');
    coordinator.send(assign('d2'));
    expect(await coordinator.next('task.error')).toMatchObject({ taskId: 'd2', code: 'draining' });
    expect(agent.status().state).toBe('draining');
    // The running task ends (here by cancel, as the hanging engine needs one), and the agent leaves.
    coordinator.send({ type: 'task.cancel', taskId: 'd1' });
    expect(await drained).toEqual({ kind: 'drained' });
  });

  it('reconnects after a dropped connection', async () => {
    const coordinator = await startFakeCoordinator();
    const agent = startAgent(coordinator, createScriptedEngine());
    await coordinator.next('hello');
    coordinator.sockets[0]?.terminate();
    await coordinator.next('hello');
    await expect.poll(() => agent.status().state).toBe('connected');
    expect(coordinator.hellos).toHaveLength(2);
  });

  it('gives up for good when the coordinator refuses the node with a fatal code', async () => {
    const coordinator = await startFakeCoordinator();
    coordinator.refuseWith = NodeCloseCode.authFailed;
    const agent = startAgent(coordinator, createScriptedEngine());
    expect(await agent.exited).toEqual({
      kind: 'fatal',
      closeCode: NodeCloseCode.authFailed,
      errorCode: 'bad_signature',
      message: 'refused',
    });
    expect(coordinator.hellos).toHaveLength(1);
  });

  it('waits while suspended and rejoins by itself once the coordinator lets it in again', async () => {
    const coordinator = await startFakeCoordinator();
    coordinator.refuseWith = NodeCloseCode.suspended;
    const agent = startAgent(coordinator, createScriptedEngine());
    await expect.poll(() => coordinator.hellos.length).toBeGreaterThanOrEqual(2);
    expect(agent.status()).toMatchObject({ lastError: 'refused' });
    expect(['suspended', 'reconnecting']).toContain(agent.status().state);
    // The operator resumes it: the next try is welcomed.
    coordinator.refuseWith = undefined;
    await expect.poll(() => agent.status().state).toBe('connected');
  });
});
