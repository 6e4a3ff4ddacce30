import {
  buildNodeJoinMessage,
  type ChallengeMessage,
  type HelloMessage,
  isBillableTokenText,
  NODE_PROTOCOL_VERSION,
  type NodeToServerMessage,
  type ServerToNodeMessage,
  type TaskAssignMessage,
} from '@far/protocol';
import type { PrivateKeyAccount } from 'viem/accounts';
import { WebSocket } from 'ws';
import { FAR_DEMO_SHA256 } from './farDemoModel.js';

/**
 * A hand-driven node for tests: speaks the wire protocol frame by frame so a test can behave
 * well, lie, or send garbage. Not used in production.
 */
export type TestNodeClient = {
  ws: WebSocket;
  received: ServerToNodeMessage[];
  /** Resolves with the next (or an already received, unconsumed) message of `type`. */
  next<T extends ServerToNodeMessage['type']>(type: T): Promise<Extract<ServerToNodeMessage, { type: T }>>;
  send(message: NodeToServerMessage | Record<string, unknown>): void;
  sendRaw(data: string): void;
  /** Resolves with the close code when the coordinator closes the socket. */
  closed: Promise<number>;
  close(): void;
};

/**
 * Opens a WebSocket to the gateway and waits for its challenge.
 *
 * @param url - `ws://…/v1/nodes/connect`.
 */
export async function connectTestNode(
  url: string,
): Promise<TestNodeClient & { challenge: ChallengeMessage }> {
  const ws = new WebSocket(url);
  const received: ServerToNodeMessage[] = [];
  const consumed = new Set<ServerToNodeMessage>();
  const waiters: { type: string; resolve: (m: ServerToNodeMessage) => void }[] = [];
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as ServerToNodeMessage;
    received.push(message);
    const at = waiters.findIndex((w) => w.type === message.type);
    if (at >= 0) {
      consumed.add(message);
      waiters.splice(at, 1)[0]?.resolve(message);
    }
  });
  const client: TestNodeClient = {
    ws,
    received,
    next(type) {
      const ready = received.find((m) => m.type === type && !consumed.has(m));
      if (ready) {
        consumed.add(ready);
        return Promise.resolve(ready as never);
      }
      return new Promise((resolve) =>
        waiters.push({ type, resolve: resolve as (m: ServerToNodeMessage) => void }),
      );
    },
    send: (message) => ws.send(JSON.stringify(message)),
    sendRaw: (data) => ws.send(data),
    closed,
    close: () => ws.close(),
  };
  const challenge = await client.next('challenge');
  return { ...client, challenge };
}

/**
 * A `hello` signed by `account` for `coordinatorUrl` (pass another URL or account to forge one).
 *
 * @returns the message to send.
 */
export async function signedHello(params: {
  account: PrivateKeyAccount;
  challenge: ChallengeMessage;
  coordinatorUrl: string;
  nodeId: string;
  owner?: `0x${string}`;
  models?: HelloMessage['models'];
  maxConcurrency?: number;
  vramGb?: number;
}): Promise<HelloMessage> {
  const owner = params.owner ?? params.account.address;
  const message = buildNodeJoinMessage({
    coordinatorUrl: params.coordinatorUrl,
    nodeId: params.nodeId,
    owner,
    nonce: params.challenge.nonce,
    issuedAt: params.challenge.issuedAt,
  });
  return {
    type: 'hello',
    protocolVersion: NODE_PROTOCOL_VERSION,
    nodeId: params.nodeId,
    owner,
    signature: await params.account.signMessage({ message }),
    gpu: { name: 'Test GPU', vramGb: params.vramGb ?? 24, kind: 'cuda' },
    engine: 'llama',
    // far-demo is announced with its catalogued weights hash, as far-node's llama engine does,
    // unless the test says otherwise (an explicit weightsSha256, even undefined).
    models: (params.models ?? [{ id: 'far-demo', contextLength: 512 }]).map((model) =>
      model.id === 'far-demo' && !('weightsSha256' in model)
        ? { ...model, weightsSha256: FAR_DEMO_SHA256 }
        : model,
    ),
    maxConcurrency: params.maxConcurrency ?? 1,
    version: 'test',
  };
}

/**
 * Answers the next `task.assign` — after `welcome`, the coordinator's unpaid probe of one advertised
 * model — as a well-behaved node would: accepted, `tokens`, then `task.done` claiming the billable
 * count. Pass other tokens (empty, whitespace) to fail the probe.
 *
 * @returns the probe's assignment.
 */
export async function answerProbe(
  client: TestNodeClient,
  tokens: readonly string[] = [' The', ' river'],
): Promise<TaskAssignMessage> {
  const probe = await client.next('task.assign');
  client.send({ type: 'task.accepted', taskId: probe.taskId });
  for (const [seq, text] of tokens.entries()) {
    client.send({ type: 'task.token', taskId: probe.taskId, seq, text });
  }
  client.send({
    type: 'task.done',
    taskId: probe.taskId,
    usage: { promptTokens: 5, completionTokens: tokens.filter(isBillableTokenText).length },
    finishReason: 'stop',
  });
  return probe;
}
