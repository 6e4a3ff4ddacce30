import type { NodeToServerMessage } from '@far/protocol';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createScriptedEngine } from '../../test/support/createScriptedEngine.js';
import { handleCoordinatorMessage } from './handleCoordinatorMessage.js';
import { createNodeAgentRuntime, type NodeAgentRuntime } from './nodeAgentRuntime.js';

/** A connection that records what the agent sends and how it closes; no socket is opened. */
function fakeSocket() {
  const sent: NodeToServerMessage[] = [];
  const closed: { code: number; reason: string }[] = [];
  const socket = {
    readyState: WebSocket.OPEN,
    send: (data: string) => sent.push(JSON.parse(data) as NodeToServerMessage),
    close: (code: number, reason: string) => closed.push({ code, reason }),
  } as unknown as WebSocket;
  return { socket, sent, closed };
}

function connectedRuntime(): { runtime: NodeAgentRuntime } & ReturnType<typeof fakeSocket> {
  const runtime = createNodeAgentRuntime({
    coordinatorUrl: 'http://127.0.0.1:4000',
    account: privateKeyToAccount(generatePrivateKey()),
    nodeId: 'unit-node',
    engine: createScriptedEngine(),
    gpu: { name: 'Test GPU', vramGb: 24, kind: 'cuda' },
    maxConcurrency: 1,
    version: 'test',
  });
  const connection = fakeSocket();
  runtime.socket = connection.socket;
  return { runtime, ...connection };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('handleCoordinatorMessage', () => {
  it('on welcome: resets the backoff, keeps the standing, heartbeats at the interval, shows connected', () => {
    vi.useFakeTimers();
    const { runtime, socket, sent } = connectedRuntime();
    runtime.reconnectAttempt = 3;
    runtime.status.current.lastError = 'connection closed (1006)';
    handleCoordinatorMessage(
      runtime,
      { type: 'welcome', nodeId: 'unit-node', heartbeatIntervalMs: 1000, earningsWei: '5' },
      socket,
    );
    expect(runtime.reconnectAttempt).toBe(0);
    expect(runtime.status.snapshot()).toMatchObject({
      state: 'connected',
      earningsWei: 5n,
      lastError: undefined,
    });
    vi.advanceTimersByTime(2500);
    expect(sent.filter((m) => m.type === 'heartbeat')).toHaveLength(2);
    clearInterval(runtime.heartbeatTimer);
  });

  it('on welcome while draining: announces the drain to this coordinator and leaves when idle', async () => {
    const { runtime, socket, sent, closed } = connectedRuntime();
    runtime.draining = true;
    handleCoordinatorMessage(
      runtime,
      { type: 'welcome', nodeId: 'unit-node', heartbeatIntervalMs: 1000 },
      socket,
    );
    expect(sent).toEqual([{ type: 'drain' }]);
    expect(closed).toEqual([{ code: 1000, reason: 'drained' }]);
    expect(await runtime.exited).toEqual({ kind: 'drained' });
  });

  it('keeps the last coordinator error and standing from acknowledgements', () => {
    const { runtime, socket } = connectedRuntime();
    handleCoordinatorMessage(runtime, { type: 'error', code: 'rate_limited', message: 'slow down' }, socket);
    handleCoordinatorMessage(runtime, { type: 'heartbeat.ack', reliabilityScore: 90 }, socket);
    expect(runtime.status.snapshot()).toMatchObject({
      lastError: 'rate_limited: slow down',
      reliabilityScore: 90,
    });
  });

  it('answers a challenge on the connection it came on, and not after a reconnect replaced it', async () => {
    const { runtime, socket, sent } = connectedRuntime();
    const challenge = {
      type: 'challenge',
      protocolVersion: 1,
      nonce: 'ab'.repeat(32),
      issuedAt: new Date().toISOString(),
    } as const;
    handleCoordinatorMessage(runtime, challenge, socket);
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]).toMatchObject({ type: 'hello', nodeId: 'unit-node', models: [{ id: 'far-demo' }] });

    const stale = fakeSocket();
    handleCoordinatorMessage(runtime, challenge, stale.socket);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stale.sent).toHaveLength(0);
    expect(sent).toHaveLength(1);
  });
});
