import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDb, gpuNodes, type TestDbHandle } from '@far/db';
import { eq } from 'drizzle-orm';
import { generatePrivateKey } from 'viem/accounts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FarNodeProcess, spawnFarNode } from '../../test/support/spawnFarNode.js';
import { createLogger } from '../observability/createLogger.js';
import { NoNodeAvailableError } from '../scheduler/NoNodeAvailableError.js';
import { createNodeGateway, type NodeGateway } from './createNodeGateway.js';

// End to end: the real `far-node` CLI (apps/node/bin/far-node.js) in its own process, against a
// real gateway on an ephemeral port.
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const demoModelPath = join(repoRoot, '.far/models/far-demo.gguf');

let testDb: TestDbHandle;
beforeAll(async () => {
  // The demo model is built from source by the node workspace; this is a no-op when it is current.
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'apps/node/src/demoModel/cli.ts'], {
    cwd: repoRoot,
  });
  expect(existsSync(demoModelPath)).toBe(true);
  testDb = await createTestDb();
});
afterAll(async () => {
  await testDb?.close();
});

type Coordinator = { gateway: NodeGateway; url: string; server: Server; close(): Promise<void> };
const coordinators: Coordinator[] = [];
const nodes: FarNodeProcess[] = [];
const upstreams: Server[] = [];

afterEach(async () => {
  for (const node of nodes.splice(0)) node.kill();
  for (const c of coordinators.splice(0)) await c.close();
  for (const u of upstreams.splice(0)) await new Promise((r) => u.close(r));
});

async function startCoordinator(options: { publicHost?: string; port?: number } = {}): Promise<Coordinator> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const gateway = createNodeGateway({
    db: testDb.db,
    logger: createLogger('silent'),
    publicUrl: `http://${options.publicHost ?? '127.0.0.1'}:${port}`,
    heartbeatTtlMs: 3_000,
  });
  server.on('upgrade', (req, socket, head) => {
    if (!gateway.handleUpgrade(req, socket, head)) socket.destroy();
  });
  let closed = false;
  const coordinator = {
    gateway,
    url,
    server,
    async close() {
      if (closed) return;
      closed = true;
      await gateway.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  coordinators.push(coordinator);
  return coordinator;
}

/** Waits until the node has answered its probe and is offered paid tasks for `model`. */
async function waitUntilProven(coordinator: Coordinator, nodeId: string, model = 'far-demo'): Promise<void> {
  await expect
    .poll(() => coordinator.gateway.registry.get(nodeId)?.models.map((m) => m.id), { timeout: 60_000 })
    .toContain(model);
}

/** A far-node CLI with a fresh owner key (given through FAR_NODE_WALLET_KEY) and state folder. */
async function startFarNode(coordinatorUrl: string, engineArgs: string[]): Promise<FarNodeProcess> {
  const node = spawnFarNode({
    coordinatorUrl,
    walletKey: generatePrivateKey(),
    walletKeyVia: 'env',
    engineArgs,
    stateDir: await mkdtemp(join(tmpdir(), 'far-node-e2e-')),
    statusLines: true,
  });
  nodes.push(node);
  return node;
}

/** An OpenAI-compatible server that streams one token every `delayMs`, so tests can act mid-stream. */
async function startSlowUpstream(delayMs: number) {
  const stats = { requests: 0, aborted: 0, completed: 0 };
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'far-demo', max_model_len: 2048 }] }));
      return;
    }
    if (req.method !== 'POST' || (req.url !== '/v1/completions' && req.url !== '/v1/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as { max_tokens: number; messages?: unknown };
    stats.requests += 1;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    let aborted = false;
    res.on('close', () => {
      if (!res.writableEnded) {
        aborted = true;
        stats.aborted += 1;
      }
    });
    const chat = body.messages !== undefined;
    for (let i = 0; i < body.max_tokens && !aborted; i++) {
      const choice = chat ? { index: 0, delta: { content: ` t${i}` } } : { index: 0, text: ` t${i}` };
      res.write(`data: ${JSON.stringify({ choices: [choice] })}\n\n`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
    if (aborted) return;
    const final = chat
      ? { index: 0, delta: {}, finish_reason: 'length' }
      : { index: 0, text: '', finish_reason: 'length' };
    res.write(`data: ${JSON.stringify({ choices: [final] })}\n\n`);
    res.write(
      `data: ${JSON.stringify({ choices: [], usage: { prompt_tokens: 5, completion_tokens: body.max_tokens } })}\n\n`,
    );
    res.end('data: [DONE]\n\n');
    stats.completed += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  upstreams.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, stats };
}

const llamaArgs = ['--engine', 'llama', '--model', demoModelPath, '--model-id', 'far-demo', '--threads', '1'];

// Each test starts a far-node process (tsx, llama.cpp, the model): slow on a busy 2-core machine.
describe('far-node end to end: llama engine on the demo model', { timeout: 180_000 }, () => {
  it('connects, proves its wallet, receives a task and streams real tokens', async () => {
    const coordinator = await startCoordinator();
    const node = await startFarNode(coordinator.url, [...llamaArgs, '--node-id', 'e2e-llama']);
    await node.waitForOutput(/● connected/);
    await waitUntilProven(coordinator, 'e2e-llama');
    const live = coordinator.gateway.registry.get('e2e-llama');
    expect(live).toMatchObject({ status: 'online', engine: 'llama', models: [{ id: 'far-demo' }] });
    const [row] = await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'e2e-llama'));
    expect(row).toMatchObject({ status: 'online', engine: 'llama', models: ['far-demo'] });

    const stream = await coordinator.gateway.dispatch({
      taskId: 'e2e-llama-1',
      model: 'far-demo',
      messages: [{ role: 'user', content: 'Tell me about the river.' }],
      maxTokens: 48,
      temperature: 1,
      seed: 1,
    });
    const tokens: { text: string; seq: number }[] = [];
    for await (const batch of stream) tokens.push(...batch);
    const result = await stream.result;
    expect(tokens.length).toBeGreaterThan(0);
    expect(tokens.map((t) => t.seq)).toEqual(tokens.map((_, i) => i));
    expect(
      tokens
        .map((t) => t.text)
        .join('')
        .trim().length,
    ).toBeGreaterThan(0);
    expect(result).toMatchObject({ nodeId: 'e2e-llama', completionTokensCounted: tokens.length });
    // An honest node's claim matches what the coordinator counted.
    expect(result.nodeClaimedUsage?.completionTokens).toBe(tokens.length);
    expect(['stop', 'length']).toContain(result.finishReason);
    // The first task it served was the coordinator's probe.
    await node.waitForOutput(/served 2/);
  });

  it('is refused with a clear message when its signature does not match this coordinator', async () => {
    // The node signs for http://127.0.0.1:<port>; this coordinator calls itself localhost.
    const coordinator = await startCoordinator({ publicHost: 'localhost' });
    const node = await startFarNode(coordinator.url, [...llamaArgs, '--node-id', 'e2e-wrong-origin']);
    expect(await node.exited).toBe(3);
    expect(node.output()).toMatch(/refused this node \(bad_signature\)/);
    expect(coordinator.gateway.registry.size).toBe(0);
    expect(coordinator.gateway.stats().refusedJoins).toBe(1);
  });
});

describe('far-node end to end: openai engine on a slow upstream', { timeout: 180_000 }, () => {
  const openaiArgs = (upstream: string) => [
    '--engine',
    'openai',
    '--upstream',
    upstream,
    '--model',
    'far-demo',
  ];

  it('passes a cancel through the node to the upstream', async () => {
    const upstream = await startSlowUpstream(40);
    const coordinator = await startCoordinator();
    const node = await startFarNode(coordinator.url, [
      ...openaiArgs(upstream.url),
      '--node-id',
      'e2e-cancel',
    ]);
    await node.waitForOutput(/● connected/);
    await waitUntilProven(coordinator, 'e2e-cancel');
    const probed = upstream.stats.completed;
    const controller = new AbortController();
    const stream = await coordinator.gateway.dispatch({
      taskId: 'e2e-cancel-1',
      model: 'far-demo',
      prompt: 'count',
      maxTokens: 500,
      temperature: 0,
      signal: controller.signal,
    });
    let seen = 0;
    for await (const batch of stream) {
      seen += batch.length;
      if (seen >= 3) controller.abort();
    }
    const result = await stream.result;
    expect(result.finishReason).toBe('cancelled');
    // Counted = what reached this consumer (a token already buffered when it aborted still counts).
    expect(result.completionTokensCounted).toBe(seen);
    expect(seen).toBeLessThan(10);
    // The node answered the cancel itself (a timeout would leave no claim).
    expect(result.nodeClaimedUsage).toBeDefined();
    await expect.poll(() => upstream.stats.aborted).toBe(1);
    expect(upstream.stats.completed).toBe(probed);
  });

  it('drains on SIGTERM: finishes the running task, takes no new one, exits 0', async () => {
    const upstream = await startSlowUpstream(40);
    const coordinator = await startCoordinator();
    const node = await startFarNode(coordinator.url, [
      ...openaiArgs(upstream.url),
      '--node-id',
      'e2e-drain',
      '--max-concurrency',
      '2',
    ]);
    await node.waitForOutput(/● connected/);
    await waitUntilProven(coordinator, 'e2e-drain');
    const stream = await coordinator.gateway.dispatch({
      taskId: 'e2e-drain-1',
      model: 'far-demo',
      messages: [{ role: 'user', content: 'count' }],
      maxTokens: 25,
      temperature: 0,
    });
    const texts: string[] = [];
    for await (const batch of stream) {
      const first = texts.length === 0;
      texts.push(...batch.map((t) => t.text));
      if (first) {
        node.child.kill('SIGTERM');
        await expect.poll(() => coordinator.gateway.registry.get('e2e-drain')?.status).toBe('draining');
        await expect(
          coordinator.gateway.dispatch({
            taskId: 'e2e-drain-2',
            model: 'far-demo',
            prompt: 'x',
            maxTokens: 2,
            temperature: 0,
          }),
        ).rejects.toBeInstanceOf(NoNodeAvailableError);
      }
    }
    const result = await stream.result;
    expect(result).toMatchObject({ finishReason: 'length', completionTokensCounted: 25 });
    expect(texts).toHaveLength(25);
    expect(await node.exited).toBe(0);
    expect(node.output()).toMatch(/far-node drained/);
    await expect
      .poll(
        async () =>
          (await testDb.db.select().from(gpuNodes).where(eq(gpuNodes.nodeId, 'e2e-drain')))[0]?.status,
      )
      .toBe('offline');
  });

  it('reconnects with backoff after the coordinator restarts', async () => {
    const upstream = await startSlowUpstream(1);
    const first = await startCoordinator();
    const port = Number(new URL(first.url).port);
    const node = await startFarNode(first.url, [...openaiArgs(upstream.url), '--node-id', 'e2e-reconnect']);
    await node.waitForOutput(/● connected/);
    await first.close();
    await node.waitForOutput(/reconnecting/);
    const second = await startCoordinator({ port });
    await expect
      .poll(() => second.gateway.registry.get('e2e-reconnect')?.status, { timeout: 30_000 })
      .toBe('online');
    await waitUntilProven(second, 'e2e-reconnect');
    const stream = await second.gateway.dispatch({
      taskId: 'e2e-reconnect-1',
      model: 'far-demo',
      prompt: 'x',
      maxTokens: 3,
      temperature: 0,
    });
    for await (const _ of stream) {
      // drain the stream
    }
    expect((await stream.result).completionTokensCounted).toBe(3);
  });
});
