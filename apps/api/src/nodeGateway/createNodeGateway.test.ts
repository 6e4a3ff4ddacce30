import { gpuNodes } from '@far/db';
import { NodeCloseCode } from '@far/protocol';
import { eq } from 'drizzle-orm';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { useNodeGatewayFixtures } from '../../test/support/nodeGatewayFixtures.js';
import { connectTestNode, signedHello } from '../../test/support/testNodeClient.js';
import { createDbNodeStore } from '../nodes/nodeStore.js';
import { NodeMetricsSchema } from '../realtime/channels.js';

const fx = useNodeGatewayFixtures();
const { startGateway, joinNode, serveTasks, collect, task, clients } = fx;

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

  it('unpacks a task.tokens frame into its tokens, seq by seq, and refuses one that skips a seq', async () => {
    const env = await startGateway({ maxMalformedMessages: 1 });
    const { client } = await joinNode(env);
    const stream = await env.gateway.dispatch(task());
    const assign = await client.next('task.assign');
    const { taskId } = assign;
    client.send({ type: 'task.accepted', taskId });
    client.send({ type: 'task.token', taskId, seq: 0, text: 'a' });
    client.send({ type: 'task.tokens', taskId, seq: 1, texts: ['b', '', 'c'] });
    client.send({
      type: 'task.done',
      taskId,
      usage: { promptTokens: 1, completionTokens: 3 },
      finishReason: 'stop',
    });
    expect((await collect(stream)).map((t) => [t.seq, t.text])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [3, 'c'],
    ]);
    expect(env.gateway.stats().malformedMessages).toBe(0);

    const gap = await env.gateway.dispatch(task());
    const second = await client.next('task.assign');
    client.send({ type: 'task.tokens', taskId: second.taskId, seq: 1, texts: ['x', 'y'] });
    expect(await client.next('error')).toMatchObject({ code: 'malformed_message' });
    expect(await client.closed).toBe(NodeCloseCode.protocolError);
    await expect(collect(gap)).rejects.toThrow();
  });

  it('refuses a malformed task.tokens frame', async () => {
    const env = await startGateway({ maxMalformedMessages: 1 });
    const { client } = await joinNode(env);
    client.sendRaw(JSON.stringify({ type: 'task.tokens', taskId: 't-1', seq: 0, texts: [] }));
    expect(await client.next('error')).toMatchObject({ code: 'malformed_message' });
    expect(await client.closed).toBe(NodeCloseCode.protocolError);
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

describe('node gateway: liveness and drain', () => {
  it('marks a node offline when its heartbeats stop', async () => {
    const env = await startGateway({ heartbeatTtlMs: 300 });
    const { client, nodeId } = await joinNode(env);
    expect(await client.closed).toBe(NodeCloseCode.heartbeatTimeout);
    expect(env.gateway.registry.get(nodeId)).toBeUndefined();
    await expect
      .poll(async () => (await fx.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId)))[0]?.status)
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
    expect(await client.next('error')).toMatchObject({
      code: 'suspended',
      message: `node ${nodeId} was suspended by an operator`,
    });
    expect(await client.closed).toBe(NodeCloseCode.suspended);
    // No token was delivered, so the task was retried — and no other node serves the model.
    await expect(stream.result).rejects.toMatchObject({
      code: 'no_node_available',
      reason: 'no_eligible_node',
    });
    await expect
      .poll(async () => (await fx.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId)))[0]?.status)
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

  it('tells a node the audits suspended what they found, in full, and cuts only the close reason', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env);
    const findings = `3 failed proof-of-serving checks within 24 h (latest evidence 0x${'ab'.repeat(32)})`;
    expect(await env.gateway.suspendNode(nodeId, findings)).toBe(true);
    expect(await client.next('error')).toMatchObject({
      code: 'suspended',
      message: `node ${nodeId} was suspended by the audits: ${findings}; an operator can lift it`,
    });
    expect(await client.closed).toBe(NodeCloseCode.suspended);
  });

  it("writes a node's score when it moved a point since the last write, not after every task", async () => {
    const store = createDbNodeStore(fx.db);
    const written: number[] = [];
    const env = await startGateway({
      store: {
        ...store,
        saveScore: (nodeId, score) => {
          written.push(score);
          return store.saveScore(nodeId, score);
        },
      },
    });
    const { client } = await joinNode(env);
    serveTasks(client, ['a', 'b']);
    const tasks = 12;
    for (let i = 0; i < tasks; i++) {
      const stream = await env.gateway.dispatch(task());
      await collect(stream);
      await stream.result;
    }
    // Within the 10 s interval, each write is at least a point from the one before it.
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(tasks);
    for (let i = 1; i < written.length; i++)
      expect(Math.abs((written[i] ?? 0) - (written[i - 1] ?? 0))).toBeGreaterThanOrEqual(1);
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
