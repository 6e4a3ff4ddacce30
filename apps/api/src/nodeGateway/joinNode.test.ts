import { gpuNodes, users } from '@far/db';
import { NodeCloseCode } from '@far/protocol';
import { eq } from 'drizzle-orm';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { useNodeGatewayFixtures } from '../../test/support/nodeGatewayFixtures.js';
import {
  answerProbe,
  connectTestNode,
  signedHello,
  type TestNodeClient,
} from '../../test/support/testNodeClient.js';
import { createDbNodeStore } from '../nodes/nodeStore.js';
import { suspendNode } from '../nodes/suspendNode.js';
import { NoNodeAvailableError } from '../scheduler/NoNodeAvailableError.js';

const fx = useNodeGatewayFixtures();
const { startGateway, joinNode, serveTasks, collect, task, clients } = fx;

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
    const [row] = await fx.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId));
    expect(row).toMatchObject({
      ownerAddress: account.address.toLowerCase(),
      status: 'online',
      models: ['far-demo'],
      vramGb: 24,
      engine: 'llama',
      maxConcurrency: 3,
      gpuModel: 'Test GPU',
    });
    const [user] = await fx.db
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
    expect(await fx.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'forged-node'))).toEqual([]);
    expect(env.gateway.stats().refusedJoins).toBe(1);
  });

  it('refuses a node that speaks protocol 1 (one frame per token), telling its operator to upgrade', async () => {
    const env = await startGateway();
    const client = await connectTestNode(env.wsUrl);
    clients.push(client);
    const account = privateKeyToAccount(generatePrivateKey());
    const hello = await signedHello({
      account,
      challenge: client.challenge,
      coordinatorUrl: env.publicUrl,
      nodeId: 'old',
    });
    client.send({ ...hello, protocolVersion: 1 });
    expect(await client.next('error')).toMatchObject({
      code: 'unsupported_version',
      message: expect.stringContaining('upgrade far-node'),
    });
    expect(await client.closed).toBe(NodeCloseCode.unsupportedVersion);
    expect(env.gateway.registry.get('old')).toBeUndefined();
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

  it('tells a suspended node who suspended it: the audits, with their findings, or an operator', async () => {
    const env = await startGateway();
    const findings = `3 failed proof-of-serving checks within 24 h (latest evidence 0x${'ab'.repeat(32)})`;
    const operator = privateKeyToAccount(generatePrivateKey()).address;
    for (const [actor, expected] of [
      ['system', `is suspended by the audits: ${findings}; an operator can lift it`],
      [operator, 'is suspended by an operator'],
    ] as const) {
      const key = generatePrivateKey();
      const joined = await joinNode(env, { key });
      joined.client.close();
      await joined.client.closed;
      await suspendNode(fx.db, { nodeId: joined.nodeId, reason: findings, actor });
      const client = await connectTestNode(env.wsUrl);
      clients.push(client);
      client.send(
        await signedHello({
          account: privateKeyToAccount(key),
          challenge: client.challenge,
          coordinatorUrl: env.publicUrl,
          nodeId: joined.nodeId,
        }),
      );
      expect(await client.next('error')).toEqual({
        type: 'error',
        code: 'suspended',
        message: `node ${joined.nodeId} ${expected}`,
      });
      expect(await client.closed).toBe(NodeCloseCode.suspended);
    }
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
    const dbStore = createDbNodeStore(fx.db);
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
        async () => (await fx.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'vanishing')))[0]?.status,
      )
      .toBe('online');
    client.ws.terminate();
    await client.closed;
    releaseRegistration();
    await expect
      .poll(
        async () => (await fx.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'vanishing')))[0]?.status,
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
    expect(await fx.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'big-claims'))).toEqual([]);
  });

  it('refuses a model announced with weights other than the catalogue pins, and serves the rest', async () => {
    const env = await startGateway();
    const wrongWeights = 'e'.repeat(64);
    const { client, nodeId } = await joinNode(env, {
      models: [{ id: 'far-demo', weightsSha256: wrongWeights }, { id: 'llama-70b' }],
      vramGb: 160,
      probes: 1,
    });
    expect(await client.next('error')).toMatchObject({
      code: 'model_refused',
      message: expect.stringContaining(
        `far-demo weights sha256 ${wrongWeights} do not match the catalogue's`,
      ),
    });
    expect(env.gateway.registry.get(nodeId)?.models.map((m) => m.id)).toEqual(['llama-70b']);
    expect([...env.gateway.registry.nodesServing('far-demo')]).toEqual([]);

    // A node whose only model has the wrong weights is refused outright.
    const other = await connectTestNode(env.wsUrl);
    clients.push(other);
    other.send(
      await signedHello({
        account: privateKeyToAccount(generatePrivateKey()),
        challenge: other.challenge,
        coordinatorUrl: env.publicUrl,
        nodeId: 'wrong-weights',
        models: [{ id: 'far-demo', weightsSha256: wrongWeights }],
      }),
    );
    expect(await other.next('error')).toMatchObject({
      code: 'no_servable_model',
      message: expect.stringContaining('do not match'),
    });
    expect(await other.closed).toBe(NodeCloseCode.noServableModel);
    expect(env.gateway.registry.get('wrong-weights')).toBeUndefined();
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
