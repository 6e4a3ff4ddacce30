import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDb, type TestDbHandle } from '@far/db';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { DispatchToken } from '../../src/dispatch/dispatchTypes.js';
import {
  type CreateNodeGatewayOptions,
  createNodeGateway,
  type NodeGateway,
} from '../../src/nodeGateway/createNodeGateway.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { answerProbe, connectTestNode, signedHello, type TestNodeClient } from './testNodeClient.js';

/** A node gateway listening on a free local port, with the URLs a test node connects to. */
export type TestGatewayEnv = { gateway: NodeGateway; publicUrl: string; wsUrl: string; server: Server };

/**
 * Node gateway fixtures for one test file: registers the hooks that open a test database before
 * its tests and close every gateway and test node after each, and returns the helpers.
 *
 * @returns `startGateway`, `joinNode`, `serveTasks`, `collect`, `task`, the test nodes opened (`clients`,
 *   closed after each test) and the test database (`db`, once the file's tests run).
 * @example
 * const fx = useNodeGatewayFixtures();
 * const env = await fx.startGateway();
 * const { client } = await fx.joinNode(env);
 */
export function useNodeGatewayFixtures() {
  let testDb: TestDbHandle;
  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb?.close();
  });
  const envs: TestGatewayEnv[] = [];
  const clients: TestNodeClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const env of envs.splice(0)) {
      await env.gateway.close();
      await new Promise((resolve) => env.server.close(resolve));
    }
  });

  const startGateway = (overrides: Partial<CreateNodeGatewayOptions> = {}) =>
    startTestGateway(testDb.db, envs, overrides);
  const joinNode = (env: TestGatewayEnv, options: JoinNodeOptions = {}) =>
    joinTestNode(clients, env, options);

  let taskCounter = 0;
  const task = (overrides: Record<string, unknown> = {}) => ({
    taskId: `task-${++taskCounter}`,
    model: 'far-demo',
    prompt: 'Once upon',
    maxTokens: 16,
    temperature: 0,
    ...overrides,
  });

  return {
    startGateway,
    joinNode,
    serveTasks,
    collect,
    task,
    clients,
    /** The test database (available once the file's tests run). */
    get db() {
      return testDb.db;
    },
  };
}

/** Who a joining test node says it is and what it serves; `probes` answered (default: one per model). */
type JoinNodeOptions = {
  nodeId?: string;
  key?: `0x${string}`;
  maxConcurrency?: number;
  models?: { id: string; capabilities?: ('chat' | 'embeddings')[]; weightsSha256?: string }[];
  vramGb?: number;
  probes?: number;
};

/** Starts a node gateway on a free local port; it is closed after the test (it joins `envs`). */
async function startTestGateway(
  db: TestDbHandle['db'],
  envs: TestGatewayEnv[],
  overrides: Partial<CreateNodeGatewayOptions>,
): Promise<TestGatewayEnv> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const publicUrl = `http://127.0.0.1:${port}`;
  const gateway = createNodeGateway({
    db,
    logger: createLogger('silent'),
    publicUrl,
    heartbeatTtlMs: 60_000,
    ...overrides,
  });
  server.on('upgrade', (req, socket, head) => {
    if (!gateway.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const env = { gateway, publicUrl, wsUrl: `ws://127.0.0.1:${port}/v1/nodes/connect`, server };
  envs.push(env);
  return env;
}

/**
 * Connects a test node and, unless `probes` is 0, answers that many probes (default: one per
 * advertised model) and waits until the gateway offers it paid tasks for them.
 */
async function joinTestNode(clients: TestNodeClient[], env: TestGatewayEnv, options: JoinNodeOptions) {
  const account = privateKeyToAccount(options.key ?? generatePrivateKey());
  const client = await connectTestNode(env.wsUrl);
  clients.push(client);
  const nodeId = options.nodeId ?? `node-${Math.random().toString(16).slice(2, 10)}`;
  client.send(
    await signedHello({
      account,
      challenge: client.challenge,
      coordinatorUrl: env.publicUrl,
      nodeId,
      ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}),
      ...(options.models ? { models: options.models } : {}),
      ...(options.vramGb !== undefined ? { vramGb: options.vramGb } : {}),
    }),
  );
  const welcome = await client.next('welcome');
  const probes = options.probes ?? options.models?.length ?? 1;
  for (let i = 0; i < probes; i++) await answerProbe(client);
  if (probes > 0) await expect.poll(() => env.gateway.registry.get(nodeId)?.models.length).toBe(probes);
  return { client, account, nodeId, welcome };
}

/** Makes a test node answer every task with `tokens`, claiming `claimed` completion tokens. */
function serveTasks(client: TestNodeClient, tokens: string[], claimed = tokens.length): void {
  client.ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.type !== 'task.assign') return;
    client.send({ type: 'task.accepted', taskId: m.taskId });
    tokens.forEach((text, seq) => {
      client.send({ type: 'task.token', taskId: m.taskId, seq, text });
    });
    client.send({
      type: 'task.done',
      taskId: m.taskId,
      usage: { promptTokens: 3, completionTokens: claimed },
      finishReason: 'stop',
    });
  });
}

/** Reads a dispatch stream to its end. */
async function collect(stream: AsyncIterable<readonly DispatchToken[]>): Promise<DispatchToken[]> {
  const out: DispatchToken[] = [];
  for await (const batch of stream) out.push(...batch);
  return out;
}
