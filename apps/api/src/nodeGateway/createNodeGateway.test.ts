import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDb, gpuNodes, type TestDbHandle, users } from '@far/db';
import { NodeCloseCode } from '@far/protocol';
import { eq } from 'drizzle-orm';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  answerProbe,
  connectTestNode,
  signedHello,
  type TestNodeClient,
} from '../../test/support/testNodeClient.js';
import type { DispatchToken } from '../dispatch/dispatchTypes.js';
import { NodeTaskFailedError } from '../dispatch/NodeTaskFailedError.js';
import { createDbNodeStore } from '../nodes/nodeStore.js';
import { createLogger } from '../observability/createLogger.js';
import { NodeMetricsSchema } from '../realtime/channels.js';
import { NoNodeAvailableError } from '../scheduler/NoNodeAvailableError.js';
import { type CreateNodeGatewayOptions, createNodeGateway, type NodeGateway } from './createNodeGateway.js';

let testDb: TestDbHandle;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb?.close();
});

type Env = { gateway: NodeGateway; publicUrl: string; wsUrl: string; server: Server };
const envs: Env[] = [];
const clients: TestNodeClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const env of envs.splice(0)) {
    await env.gateway.close();
    await new Promise((resolve) => env.server.close(resolve));
  }
});

async function startGateway(overrides: Partial<CreateNodeGatewayOptions> = {}): Promise<Env> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const publicUrl = `http://127.0.0.1:${port}`;
  const gateway = createNodeGateway({
    db: testDb.db,
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
async function joinNode(
  env: Env,
  options: {
    nodeId?: string;
    key?: `0x${string}`;
    maxConcurrency?: number;
    models?: { id: string }[];
    vramGb?: number;
    probes?: number;
  } = {},
) {
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

async function collect(stream: AsyncIterable<DispatchToken>): Promise<DispatchToken[]> {
  const out: DispatchToken[] = [];
  for await (const t of stream) out.push(t);
  return out;
}

let taskCounter = 0;
const task = (overrides: Record<string, unknown> = {}) => ({
  taskId: `task-${++taskCounter}`,
  model: 'far-demo',
  prompt: 'Once upon',
  maxTokens: 16,
  temperature: 0,
  ...overrides,
});

describe('node gateway: joining', () => {
  it('authenticates a signed hello, registers the node, and persists it with its owner', async () => {
    const env = await startGateway();
    const { nodeId, account, welcome } = await joinNode(env, { maxConcurrency: 3 });
    expect(welcome).toMatchObject({
      nodeId,
      heartbeatIntervalMs: 20_000,
      earningsWei: '0',
      reliabilityScore: 80,
    });
    expect(env.gateway.registry.get(nodeId)).toMatchObject({
      status: 'online',
      owner: account.address.toLowerCase(),
      maxConcurrency: 3,
    });
    const [row] = await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId));
    expect(row).toMatchObject({
      ownerAddress: account.address.toLowerCase(),
      status: 'online',
      models: ['far-demo'],
      vramGb: 24,
      engine: 'llama',
      maxConcurrency: 3,
      gpuModel: 'Test GPU',
    });
    const [user] = await testDb.db
      .select()
      .from(users)
      .where(eq(users.walletAddress, account.address.toLowerCase()));
    expect(user).toBeDefined();
  });

  it('refuses a hello signed by a key other than the claimed owner', async () => {
    const env = await startGateway();
    const client = await connectTestNode(env.wsUrl);
    clients.push(client);
    const owner = privateKeyToAccount(generatePrivateKey()).address;
    const forger = privateKeyToAccount(generatePrivateKey());
    client.send(
      await signedHello({
        account: forger,
        owner,
        challenge: client.challenge,
        coordinatorUrl: env.publicUrl,
        nodeId: 'forged-node',
      }),
    );
    expect(await client.next('error')).toMatchObject({ code: 'bad_signature' });
    expect(await client.closed).toBe(NodeCloseCode.authFailed);
    expect(env.gateway.registry.get('forged-node')).toBeUndefined();
    expect(await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'forged-node'))).toEqual([]);
    expect(env.gateway.stats().refusedJoins).toBe(1);
  });

  it('refuses a signature made for another coordinator (no replay across coordinators)', async () => {
    const env = await startGateway();
    const client = await connectTestNode(env.wsUrl);
    clients.push(client);
    const account = privateKeyToAccount(generatePrivateKey());
    client.send(
      await signedHello({
        account,
        challenge: client.challenge,
        coordinatorUrl: 'https://evil.example',
        nodeId: 'replayed',
      }),
    );
    expect(await client.closed).toBe(NodeCloseCode.authFailed);
  });

  it('refuses a node id registered to another owner', async () => {
    const env = await startGateway();
    const first = await joinNode(env, { nodeId: 'contested' });
    first.client.close();
    await first.client.closed;
    const client = await connectTestNode(env.wsUrl);
    clients.push(client);
    client.send(
      await signedHello({
        account: privateKeyToAccount(generatePrivateKey()),
        challenge: client.challenge,
        coordinatorUrl: env.publicUrl,
        nodeId: 'contested',
      }),
    );
    expect(await client.next('error')).toMatchObject({ code: 'node_id_taken' });
    expect(await client.closed).toBe(NodeCloseCode.nodeIdTaken);
  });

  it('lets the same owner reconnect and replaces the stale connection', async () => {
    const env = await startGateway();
    const key = generatePrivateKey();
    const first = await joinNode(env, { nodeId: 'phoenix', key });
    await joinNode(env, { nodeId: 'phoenix', key });
    expect(await first.client.closed).toBe(NodeCloseCode.replaced);
    expect(env.gateway.registry.get('phoenix')?.status).toBe('online');
    expect(env.gateway.stats().nodesOnline).toBe(1);
  });

  it('does not leave a node online when it disconnects while being registered', async () => {
    const dbStore = createDbNodeStore(testDb.db);
    let releaseRegistration!: () => void;
    const registrationHeld = new Promise<void>((resolve) => {
      releaseRegistration = resolve;
    });
    const env = await startGateway({
      store: {
        ...dbStore,
        async registerNode(node, at) {
          const result = await dbStore.registerNode(node, at);
          await registrationHeld;
          return result;
        },
      },
    });
    const client = await connectTestNode(env.wsUrl);
    clients.push(client);
    client.send(
      await signedHello({
        account: privateKeyToAccount(generatePrivateKey()),
        challenge: client.challenge,
        coordinatorUrl: env.publicUrl,
        nodeId: 'vanishing',
      }),
    );
    await expect
      .poll(
        async () =>
          (await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'vanishing')))[0]?.status,
      )
      .toBe('online');
    client.ws.terminate();
    await client.closed;
    releaseRegistration();
    await expect
      .poll(
        async () =>
          (await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'vanishing')))[0]?.status,
      )
      .toBe('offline');
    expect(env.gateway.registry.get('vanishing')).toBeUndefined();
  });

  it('closes a connection that never says hello', async () => {
    const env = await startGateway({ helloTimeoutMs: 100 });
    const client = await connectTestNode(env.wsUrl);
    clients.push(client);
    expect(await client.closed).toBe(NodeCloseCode.helloTimeout);
  });
});

describe('node gateway: malformed messages', () => {
  it('closes an unauthenticated peer on its first bad frame', async () => {
    const env = await startGateway();
    const client = await connectTestNode(env.wsUrl);
    clients.push(client);
    client.sendRaw('{"type":"task.token","taskId":"x","seq":0,"text":"hi"}');
    expect(await client.closed).toBe(NodeCloseCode.protocolError);
  });

  it('tolerates a few bad frames from a registered node, then disconnects it, and keeps serving others', async () => {
    const env = await startGateway({ maxMalformedMessages: 3 });
    const bad = await joinNode(env);
    const good = await joinNode(env);
    serveTasks(good.client, ['a', 'b']);
    bad.client.sendRaw('not json');
    bad.client.sendRaw(JSON.stringify({ type: 'heartbeat', load: -1 }));
    await new Promise((r) => setTimeout(r, 50));
    expect(env.gateway.registry.get(bad.nodeId)).toBeDefined();
    bad.client.sendRaw(JSON.stringify({ type: 'task.token', taskId: 'nope', seq: 0, text: 'x' }));
    expect(await bad.client.next('error')).toMatchObject({ code: 'malformed_message' });
    expect(await bad.client.closed).toBe(NodeCloseCode.protocolError);
    expect(env.gateway.registry.get(bad.nodeId)).toBeUndefined();
    expect(env.gateway.stats().malformedMessages).toBe(3);

    const stream = await env.gateway.dispatch(task());
    expect((await collect(stream)).map((t) => t.text)).toEqual(['a', 'b']);
    expect((await stream.result).nodeId).toBe(good.nodeId);
  });

  it('drops oversized frames without crashing', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    client.sendRaw(JSON.stringify({ type: 'heartbeat', pad: 'x'.repeat(2 * 1024 * 1024) }));
    expect(await client.closed).toBe(1009);
    const again = await joinNode(env);
    expect(env.gateway.registry.get(again.nodeId)?.status).toBe('online');
  });
});

describe('node gateway: dispatch', () => {
  it('streams tokens in order and reports its own count beside the node claim', async () => {
    const env = await startGateway();
    const { client, nodeId, account } = await joinNode(env);
    serveTasks(client, ['Once', ' upon', ' a', ' time']);
    const stream = await env.gateway.dispatch(task());
    expect(stream.nodeId).toBe(nodeId);
    const tokens = await collect(stream);
    expect(tokens).toEqual([
      { text: 'Once', seq: 0, billable: true },
      { text: ' upon', seq: 1, billable: true },
      { text: ' a', seq: 2, billable: true },
      { text: ' time', seq: 3, billable: true },
    ]);
    expect(await stream.result).toMatchObject({
      nodeId,
      nodeOwner: account.address.toLowerCase(),
      completionTokensCounted: 4,
      nodeClaimedUsage: { promptTokens: 3, completionTokens: 4 },
      finishReason: 'stop',
      attempts: 1,
    });
    expect(env.gateway.registry.get(nodeId)?.activeTasks).toBe(0);
  });

  it('sends the assignment the node can run, with chat messages and sampling fields', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    serveTasks(client, ['ok']);
    const stream = await env.gateway.dispatch(
      task({
        prompt: undefined,
        messages: [{ role: 'user', content: 'hi' }],
        seed: 7,
        stop: ['\n'],
        temperature: 0.5,
      }),
    );
    await collect(stream);
    expect(await client.next('task.assign')).toMatchObject({
      messages: [{ role: 'user', content: 'hi' }],
      seed: 7,
      stop: ['\n'],
      temperature: 0.5,
      maxTokens: 16,
    });
  });

  it('exposes a node that lies about usage: claimed differs from counted, and its score drops', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env);
    serveTasks(client, ['one', 'two'], 500);
    const stream = await env.gateway.dispatch(task());
    await collect(stream);
    const result = await stream.result;
    expect(result.completionTokensCounted).toBe(2);
    expect(result.nodeClaimedUsage?.completionTokens).toBe(500);
    expect(env.gateway.registry.get(nodeId)?.score).toBeLessThan(80);
  });

  it('never counts more than maxTokens, nor out-of-order tokens', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    client.ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type !== 'task.assign') return;
      client.send({ type: 'task.token', taskId: m.taskId, seq: 0, text: 'a' });
      client.send({ type: 'task.token', taskId: m.taskId, seq: 5, text: 'skipped' });
      client.send({ type: 'task.token', taskId: m.taskId, seq: 1, text: 'b' });
      client.send({ type: 'task.token', taskId: m.taskId, seq: 2, text: 'over' });
      client.send({
        type: 'task.done',
        taskId: m.taskId,
        usage: { promptTokens: 1, completionTokens: 3 },
        finishReason: 'length',
      });
    });
    const stream = await env.gateway.dispatch(task({ maxTokens: 2 }));
    expect((await collect(stream)).map((t) => t.text)).toEqual(['a', 'b']);
    expect(await stream.result).toMatchObject({ completionTokensCounted: 2, finishReason: 'length' });
    expect(env.gateway.stats().malformedMessages).toBe(2);
  });

  it('sends task.cancel when the caller aborts, and reports the task cancelled', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    const controller = new AbortController();
    const stream = await env.gateway.dispatch(task({ maxTokens: 100, signal: controller.signal }));
    const assign = await client.next('task.assign');
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 0, text: 'first' });
    const seen: string[] = [];
    for await (const t of stream) {
      seen.push(t.text);
      controller.abort();
    }
    expect(seen).toEqual(['first']);
    expect(await client.next('task.cancel')).toEqual({ type: 'task.cancel', taskId: assign.taskId });
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 1, text: 'in flight' });
    client.send({
      type: 'task.done',
      taskId: assign.taskId,
      usage: { promptTokens: 2, completionTokens: 2 },
      finishReason: 'cancelled',
    });
    expect(await stream.result).toMatchObject({
      completionTokensCounted: 1,
      finishReason: 'cancelled',
      nodeClaimedUsage: { completionTokens: 2 },
    });
    expect(env.gateway.stats().malformedMessages).toBe(0);
  });

  it('cancels when the consumer stops iterating early', async () => {
    const env = await startGateway({ cancelGraceMs: 50 });
    const { client } = await joinNode(env);
    const stream = await env.gateway.dispatch(task({ maxTokens: 100 }));
    const assign = await client.next('task.assign');
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 0, text: 'x' });
    for await (const _ of stream) break;
    expect(await client.next('task.cancel')).toMatchObject({ taskId: assign.taskId });
    expect(await stream.result).toMatchObject({ finishReason: 'cancelled', nodeClaimedUsage: undefined });
  });

  it('fails with NoNodeAvailableError when nobody serves the model', async () => {
    const env = await startGateway();
    await joinNode(env, { models: [{ id: 'llama-70b' }], vramGb: 160 });
    await expect(env.gateway.dispatch(task())).rejects.toBeInstanceOf(NoNodeAvailableError);
  });

  it('queues when the only node is busy, then runs the task when its slot frees', async () => {
    const env = await startGateway({ scheduler: { maxWaitMs: 5_000 } });
    const { client } = await joinNode(env);
    const first = await env.gateway.dispatch(task());
    const assign = await client.next('task.assign');
    const second = env.gateway.dispatch(task());
    await new Promise((r) => setTimeout(r, 20));
    expect(env.gateway.scheduler.queued('far-demo')).toBe(1);
    client.send({
      type: 'task.done',
      taskId: assign.taskId,
      usage: { promptTokens: 1, completionTokens: 0 },
      finishReason: 'stop',
    });
    await first.result;
    const secondStream = await second;
    const nextAssign = await client.next('task.assign');
    expect(nextAssign.taskId).toBe(secondStream.taskId);
  });

  it('retries on another node when the first refuses before any token', async () => {
    const env = await startGateway();
    const busy = await joinNode(env);
    busy.client.ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type === 'task.assign')
        busy.client.send({ type: 'task.error', taskId: m.taskId, code: 'busy', message: 'full' });
    });
    // The busy node wins the first pick: best score.
    const registered = env.gateway.registry.get(busy.nodeId);
    if (registered) registered.score = 99;
    const good = await joinNode(env);
    serveTasks(good.client, ['hi']);
    const stream = await env.gateway.dispatch(task());
    expect(stream.nodeId).toBe(busy.nodeId);
    expect((await collect(stream)).map((t) => t.text)).toEqual(['hi']);
    expect(await stream.result).toMatchObject({ nodeId: good.nodeId, attempts: 2 });
  });

  it('resumes on another node where a failed node stopped, counting each node separately', async () => {
    const env = await startGateway();
    const flaky = await joinNode(env);
    const registered = env.gateway.registry.get(flaky.nodeId);
    if (registered) registered.score = 99;
    const steady = await joinNode(env);
    const stream = await env.gateway.dispatch(task({ prompt: 'Once', maxTokens: 5 }));
    expect(stream.nodeId).toBe(flaky.nodeId);
    const first = await flaky.client.next('task.assign');
    flaky.client.send({ type: 'task.token', taskId: first.taskId, seq: 0, text: ' upon' });
    flaky.client.send({ type: 'task.token', taskId: first.taskId, seq: 1, text: ' a' });
    const seen: { text: string; seq: number }[] = [];
    const resumed = steady.client.next('task.assign');
    for await (const t of stream) {
      seen.push(t);
      if (seen.length === 2) {
        flaky.client.ws.terminate();
        const continuation = await resumed;
        // The second node continues the text in place and generates only what is left.
        expect(continuation).toMatchObject({ taskId: first.taskId, prompt: 'Once upon a', maxTokens: 3 });
        steady.client.send({ type: 'task.token', taskId: first.taskId, seq: 0, text: ' time' });
        steady.client.send({
          type: 'task.done',
          taskId: first.taskId,
          usage: { promptTokens: 3, completionTokens: 1 },
          finishReason: 'stop',
        });
      }
    }
    expect(seen).toEqual([
      { text: ' upon', seq: 0, billable: true },
      { text: ' a', seq: 1, billable: true },
      { text: ' time', seq: 2, billable: true },
    ]);
    expect(await stream.result).toMatchObject({
      nodeId: steady.nodeId,
      completionTokensCounted: 3,
      attempts: 2,
      finishReason: 'stop',
      segments: [
        { nodeId: flaky.nodeId, tokens: 2, claimedCompletionTokens: undefined },
        { nodeId: steady.nodeId, tokens: 1, claimedCompletionTokens: 1 },
      ],
    });
  });

  it('fails with node_disconnected and the tokens delivered when a node drops mid-stream and none can resume', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env);
    const stream = await env.gateway.dispatch(task());
    const assign = await client.next('task.assign');
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 0, text: 'partial' });
    const seen: string[] = [];
    const error = await (async () => {
      try {
        for await (const t of stream) {
          seen.push(t.text);
          client.ws.terminate();
        }
      } catch (e) {
        return e;
      }
    })();
    expect(seen).toEqual(['partial']);
    // The resume attempt found no other node; the error still says what was delivered.
    expect(error).toMatchObject({ code: 'no_node_available' });
    await expect(stream.result).rejects.toBe(error);
    await expect
      .poll(
        async () => (await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId)))[0]?.status,
      )
      .toBe('offline');
  });

  it('reports NodeTaskFailedError with the tokens delivered when retries are exhausted', async () => {
    const env = await startGateway({ maxAttempts: 1 });
    const { client, nodeId } = await joinNode(env);
    const stream = await env.gateway.dispatch(task());
    const assign = await client.next('task.assign');
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 0, text: 'partial' });
    client.send({
      type: 'task.error',
      taskId: assign.taskId,
      code: 'engine_error',
      message: 'CUDA out of memory',
    });
    const error = await stream.result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NodeTaskFailedError);
    expect(error).toMatchObject({
      reason: 'node_error',
      tokensDelivered: 1,
      nodeId,
      details: { nodeCode: 'engine_error' },
    });
  });

  it('rejects an invalid task before choosing a node', async () => {
    const env = await startGateway();
    await joinNode(env);
    await expect(env.gateway.dispatch(task({ maxTokens: 0 }))).rejects.toMatchObject({
      code: 'validation_failed',
    });
  });
});

describe('node gateway: a node is offered only models it proved', () => {
  it('never offers a model outside the catalogue or beyond its VRAM, not even as a probe', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env, {
      models: [{ id: 'far-demo' }, { id: 'llama-405b' }, { id: 'made-up-model' }],
      vramGb: 24,
      probes: 1,
    });
    expect(await client.next('error')).toMatchObject({
      code: 'model_refused',
      message: expect.stringMatching(/llama-405b needs 810 GB.*made-up-model is not in the model catalogue/),
    });
    expect(env.gateway.registry.get(nodeId)?.models.map((m) => m.id)).toEqual(['far-demo']);
    expect([...env.gateway.registry.nodesServing('llama-405b')]).toEqual([]);
    // Even a caller that waives the VRAM minimum finds no node for it.
    await expect(env.gateway.dispatch(task({ model: 'llama-405b', minVramGb: 0 }))).rejects.toBeInstanceOf(
      NoNodeAvailableError,
    );
    await expect(env.gateway.dispatch(task({ model: 'made-up-model' }))).rejects.toBeInstanceOf(
      NoNodeAvailableError,
    );
    const assigned = client.received.filter((m) => m.type === 'task.assign');
    expect(assigned.map((m) => m.model)).toEqual(['far-demo']);
    // Were it listed anyway, the catalogue's minimum still rules out its 24 GB, whatever the caller asks.
    env.gateway.registry.setModels(nodeId, [{ id: 'far-demo' }, { id: 'llama-405b' }]);
    await expect(env.gateway.dispatch(task({ model: 'llama-405b', minVramGb: 0 }))).rejects.toBeInstanceOf(
      NoNodeAvailableError,
    );
  });

  it('refuses a node none of whose models it could serve', async () => {
    const env = await startGateway();
    const client = await connectTestNode(env.wsUrl);
    clients.push(client);
    client.send(
      await signedHello({
        account: privateKeyToAccount(generatePrivateKey()),
        challenge: client.challenge,
        coordinatorUrl: env.publicUrl,
        nodeId: 'big-claims',
        models: [{ id: 'llama-405b' }],
        vramGb: 24,
      }),
    );
    expect(await client.next('error')).toMatchObject({ code: 'no_servable_model' });
    expect(await client.closed).toBe(NodeCloseCode.noServableModel);
    expect(env.gateway.registry.get('big-claims')).toBeUndefined();
    expect(await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'big-claims'))).toEqual([]);
  });

  it('offers paid tasks only after the node answered its unpaid probe with real text', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env, { probes: 0 });
    const probe = await client.next('task.assign');
    expect(probe).toMatchObject({ model: 'far-demo', messages: [{ role: 'user' }] });
    expect(env.gateway.registry.get(nodeId)?.models).toEqual([]);
    await expect(env.gateway.dispatch(task())).rejects.toBeInstanceOf(NoNodeAvailableError);
    client.send({ type: 'task.accepted', taskId: probe.taskId });
    client.send({ type: 'task.token', taskId: probe.taskId, seq: 0, text: ' The' });
    client.send({
      type: 'task.done',
      taskId: probe.taskId,
      usage: { promptTokens: 5, completionTokens: 1 },
      finishReason: 'stop',
    });
    await expect.poll(() => env.gateway.registry.get(nodeId)?.models.map((m) => m.id)).toEqual(['far-demo']);
    serveTasks(client, ['ok']);
    const stream = await env.gateway.dispatch(task());
    expect((await collect(stream)).map((t) => t.text)).toEqual(['ok']);
  });

  it.each([
    ['empty and whitespace frames', (c: TestNodeClient) => answerProbe(c, ['', ' ', '\n', '\u200b'])],
    [
      'a refusal',
      async (c: TestNodeClient) => {
        const probe = await c.next('task.assign');
        c.send({ type: 'task.error', taskId: probe.taskId, code: 'model_not_found', message: 'no' });
      },
    ],
    ['silence', async (c: TestNodeClient) => void (await c.next('task.assign'))],
  ])('disconnects a node that answers its probe with %s, and never gives it a task', async (_, answer) => {
    const env = await startGateway({ probeTimeoutMs: 200 });
    const { client, nodeId } = await joinNode(env, { probes: 0 });
    await answer(client);
    expect(await client.next('error')).toMatchObject({ code: 'probe_failed' });
    expect(await client.closed).toBe(NodeCloseCode.probeFailed);
    expect(env.gateway.registry.get(nodeId)).toBeUndefined();
    await expect(env.gateway.dispatch(task())).rejects.toBeInstanceOf(NoNodeAvailableError);
    expect(client.received.filter((m) => m.type === 'task.assign')).toHaveLength(1);
  });

  it('keeps a node for the models it proved when it fails the probe of another', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env, {
      models: [{ id: 'far-demo' }, { id: 'llama-70b' }],
      vramGb: 160,
      probes: 0,
    });
    await answerProbe(client);
    await answerProbe(client, [' ']);
    expect(await client.next('error')).toMatchObject({
      code: 'probe_failed',
      message: expect.stringContaining('llama-70b'),
    });
    await expect.poll(() => env.gateway.registry.get(nodeId)?.models.map((m) => m.id)).toEqual(['far-demo']);
    await expect(env.gateway.dispatch(task({ model: 'llama-70b' }))).rejects.toBeInstanceOf(
      NoNodeAvailableError,
    );
  });
});

describe('node gateway: billable tokens are the text delivered', () => {
  it('passes whitespace on unbilled, drops empty frames, and bills one token per frame that shows text', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env);
    serveTasks(client, ['', ' ', 'Once', '\n\n', '', ' upon', '\u200b', ' '], 2);
    const stream = await env.gateway.dispatch(task());
    expect(await collect(stream)).toEqual([
      { text: ' ', seq: 1, billable: false },
      { text: 'Once', seq: 2, billable: true },
      { text: '\n\n', seq: 3, billable: false },
      { text: ' upon', seq: 5, billable: true },
      { text: '\u200b', seq: 6, billable: false },
      { text: ' ', seq: 7, billable: false },
    ]);
    const result = await stream.result;
    expect(result).toMatchObject({ completionTokensCounted: 2, segments: [{ nodeId, tokens: 2 }] });
    // Claiming the billable count is honest: the score does not drop.
    expect(env.gateway.registry.get(nodeId)?.score).toBeGreaterThanOrEqual(80);
  });

  it('never bills more tokens than visible characters, however finely the text is split', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env);
    serveTasks(client, [...'Hello, world!'], 13);
    const stream = await env.gateway.dispatch(task({ maxTokens: 64 }));
    expect((await collect(stream)).map((t) => t.text).join('')).toBe('Hello, world!');
    const result = await stream.result;
    expect(result.completionTokensCounted).toBe(12);
    // The node claimed every frame; the coordinator's count differs, so it is not accurate.
    expect(env.gateway.registry.get(nodeId)?.score).toBeLessThan(80);
  });

  it('counts every frame against maxTokens, so empty frames end a task instead of stretching it', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    client.ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type !== 'task.assign') return;
      for (let seq = 0; seq < 5; seq++) client.send({ type: 'task.token', taskId: m.taskId, seq, text: '' });
      client.send({ type: 'task.token', taskId: m.taskId, seq: 5, text: 'late' });
      client.send({
        type: 'task.done',
        taskId: m.taskId,
        usage: { promptTokens: 1, completionTokens: 0 },
        finishReason: 'length',
      });
    });
    const stream = await env.gateway.dispatch(task({ maxTokens: 5 }));
    expect(await collect(stream)).toEqual([]);
    expect(await stream.result).toMatchObject({ completionTokensCounted: 0, finishReason: 'length' });
    expect(env.gateway.stats().malformedMessages).toBe(1);
  });

  it('takes the task from a node that streams only frames that show nothing', async () => {
    const env = await startGateway({ taskIdleTimeoutMs: 300, tokenGapTimeoutMs: 300, maxAttempts: 1 });
    const { client } = await joinNode(env);
    let timer: NodeJS.Timeout | undefined;
    client.ws.on('message', (data) => {
      const m = JSON.parse(String(data));
      if (m.type !== 'task.assign') return;
      client.send({ type: 'task.accepted', taskId: m.taskId });
      let seq = 0;
      timer = setInterval(() => {
        if (seq < 200) client.send({ type: 'task.token', taskId: m.taskId, seq: seq++, text: ' ' });
      }, 20);
    });
    const stream = await env.gateway.dispatch(task({ maxTokens: 200 }));
    const error = await stream.result.catch((e: unknown) => e);
    clearInterval(timer);
    expect(error).toMatchObject({ reason: 'node_timeout' });
  });
});

describe('node gateway: liveness and drain', () => {
  it('marks a node offline when its heartbeats stop', async () => {
    const env = await startGateway({ heartbeatTtlMs: 300 });
    const { client, nodeId } = await joinNode(env);
    expect(await client.closed).toBe(NodeCloseCode.heartbeatTimeout);
    expect(env.gateway.registry.get(nodeId)).toBeUndefined();
    await expect
      .poll(
        async () => (await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId)))[0]?.status,
      )
      .toBe('offline');
  });

  it('keeps a heartbeating node online and acknowledges with its standing', async () => {
    // A generous TTL: a stalled test process must not look like a silent node.
    const env = await startGateway({ heartbeatTtlMs: 3_000, lastSeenWriteIntervalMs: 0 });
    const { client, nodeId } = await joinNode(env);
    const beat = () =>
      client.send({
        type: 'heartbeat',
        load: 0,
        tokensPerSecond: 7,
        tasksCompleted: 0,
        tokensGenerated: 0,
        uptimeSeconds: 1,
      });
    for (let i = 0; i < 6; i++) {
      beat();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(env.gateway.registry.get(nodeId)).toMatchObject({ status: 'online', tokensPerSecond: 7 });
    expect(await client.next('heartbeat.ack')).toMatchObject({ type: 'heartbeat.ack', earningsWei: '0' });
  });

  it('publishes lifecycle events and per-heartbeat metrics on the bus', async () => {
    const published: { channel: string; message: Record<string, unknown> }[] = [];
    const env = await startGateway({
      bus: {
        publish: (channel, message) =>
          published.push({ channel, message: message as Record<string, unknown> }),
      },
    });
    const { client, nodeId, account } = await joinNode(env);
    client.send({
      type: 'heartbeat',
      load: 0,
      tokensPerSecond: 3.5,
      tasksCompleted: 0,
      tokensGenerated: 0,
      uptimeSeconds: 1,
    });
    await client.next('heartbeat.ack');
    client.close();
    await expect
      .poll(() => published.map((p) => p.message.type ?? p.channel))
      .toEqual(['node.online', 'node:metrics', 'node.offline']);
    expect(published[1]).toEqual({
      channel: 'node:metrics',
      message: {
        nodeId,
        ownerAddress: account.address.toLowerCase(),
        status: 'online',
        load: 0,
        tokensPerSecond: 3.5,
        tasksCompleted: 0,
        earningsWei: '0',
        at: expect.any(String),
      },
    });
    // The realtime gateway relays exactly what its schema accepts.
    expect(() => NodeMetricsSchema.parse(published[1]?.message)).not.toThrow();
    expect(published[0]).toMatchObject({ channel: 'nodes:events', message: { type: 'node.online', nodeId } });
  });

  it('gives a draining node no new tasks but lets its running task finish', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env, { maxConcurrency: 2 });
    const running = await env.gateway.dispatch(task());
    const assign = await client.next('task.assign');
    client.send({ type: 'drain' });
    await expect.poll(() => env.gateway.registry.get(nodeId)?.status).toBe('draining');
    await expect(env.gateway.dispatch(task())).rejects.toMatchObject({ reason: 'no_eligible_node' });
    client.send({ type: 'task.token', taskId: assign.taskId, seq: 0, text: 'done' });
    client.send({
      type: 'task.done',
      taskId: assign.taskId,
      usage: { promptTokens: 1, completionTokens: 1 },
      finishReason: 'stop',
    });
    expect((await collect(running)).map((t) => t.text)).toEqual(['done']);
    expect((await running.result).finishReason).toBe('stop');
  });

  it('suspends a node: disconnects it now, fails its task, and refuses it afterwards', async () => {
    const env = await startGateway();
    const key = generatePrivateKey();
    const { client, nodeId } = await joinNode(env, { key });
    const stream = await env.gateway.dispatch(task());
    await client.next('task.assign');
    expect(await env.gateway.suspendNode(nodeId)).toBe(true);
    expect(await client.next('error')).toMatchObject({ code: 'suspended' });
    expect(await client.closed).toBe(NodeCloseCode.suspended);
    // No token was delivered, so the task was retried — and no other node serves the model.
    await expect(stream.result).rejects.toMatchObject({
      code: 'no_node_available',
      reason: 'no_eligible_node',
    });
    await expect
      .poll(
        async () => (await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId)))[0]?.status,
      )
      .toBe('suspended');

    const again = await connectTestNode(env.wsUrl);
    clients.push(again);
    again.send(
      await signedHello({
        account: privateKeyToAccount(key),
        challenge: again.challenge,
        coordinatorUrl: env.publicUrl,
        nodeId,
      }),
    );
    expect(await again.closed).toBe(NodeCloseCode.suspended);
    expect(await env.gateway.suspendNode('no-such-node')).toBe(false);
  });

  it('disconnects nodes and fails running tasks on close', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env);
    const stream = await env.gateway.dispatch(task());
    await client.next('task.assign');
    await env.gateway.close();
    expect(await client.closed).toBe(NodeCloseCode.shuttingDown);
    await expect(stream.result).rejects.toMatchObject({ reason: 'node_disconnected' });
  });
});
