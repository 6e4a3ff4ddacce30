import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { vi } from 'vitest';
import { createNodeGateway } from '../../src/nodeGateway/createNodeGateway.js';
import { createLogger } from '../../src/observability/createLogger.js';
import { hasEmbeddingNode } from '../../src/scheduler/hasEmbeddingNode.js';
import { batchRoutes } from '../../src/services/inference/batches/batchRoutes.js';
import {
  type BatchRunnerOptions,
  createBatchRunner,
} from '../../src/services/inference/batches/createBatchRunner.js';
import type { EmbeddingDependencies } from '../../src/services/inference/embeddings/createEmbeddings.js';
import type { InferenceDependencies } from '../../src/services/inference/startInference.js';
import { createTestApp } from './createTestApp.js';
import { answerProbe, connectTestNode, signedHello, type TestNodeClient } from './testNodeClient.js';

/** FAR/USD of the test network: $0.10, 8 decimals. */
export const BATCH_TEST_PRICE = 10_000_000n;
/** The discount the test network's batches get (OpenAI's: half price). */
export const BATCH_TEST_DISCOUNT_BPS = 5_000;

/**
 * A Batch API test network in one process: the API's batch routes over a fresh database, a node
 * gateway on a free port whose nodes are scripted WebSocket clients (`joinNode`, then `serve`),
 * and batch runners over the same money path the API uses (`startRunner`; several act as
 * replicas).
 *
 * @returns the app, the database, the gateway and the helpers; `close()` stops everything.
 */
export async function startBatchTestNetwork() {
  const logger = createLogger('silent');
  const t = await createTestApp({}, (db) => (app, { requireCaller }) => {
    app.route('/', batchRoutes({ db, discountBps: BATCH_TEST_DISCOUNT_BPS, requireCaller }));
  });
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Long heartbeat TTL: the scripted nodes send none, and a slow run must not drop them.
  const gateway = createNodeGateway({ db: t.db, logger, publicUrl, heartbeatTtlMs: 600_000 });
  server.on('upgrade', (req, socket, head) => {
    if (!gateway.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const inference: InferenceDependencies = {
    db: t.db,
    dispatch: gateway.dispatch,
    nodeScore: (nodeId) => gateway.registry.get(nodeId)?.score,
    farUsdPrice: async () => BATCH_TEST_PRICE,
    logger,
  };
  const embeddings: EmbeddingDependencies = {
    db: t.db,
    dispatchEmbedding: gateway.dispatchEmbedding,
    farUsdPrice: async () => BATCH_TEST_PRICE,
    logger,
    hasEmbeddingNode: (model) => hasEmbeddingNode(gateway.registry, model),
  };
  const clients: TestNodeClient[] = [];
  const runners: ReturnType<typeof createBatchRunner>[] = [];

  /** Joins a node serving far-demo for chat and embeddings, its probe answered. */
  const joinNode = async (nodeId: string, maxConcurrency: number) => {
    const client = await connectTestNode(`ws://127.0.0.1:${new URL(publicUrl).port}/v1/nodes/connect`);
    clients.push(client);
    client.send(
      await signedHello({
        account: privateKeyToAccount(generatePrivateKey()),
        challenge: client.challenge,
        coordinatorUrl: publicUrl,
        nodeId,
        maxConcurrency,
        models: [{ id: 'far-demo', capabilities: ['chat', 'embeddings'] }],
      }),
    );
    await client.next('welcome');
    await answerProbe(client);
    await vi.waitFor(
      () => {
        if (gateway.registry.get(nodeId)?.models.length !== 1)
          throw new Error(`${nodeId} is not offered tasks yet`);
      },
      { timeout: 10_000, interval: 20 },
    );
    return client;
  };

  const startRunner = (overrides: Partial<BatchRunnerOptions> = {}) => {
    const runner = createBatchRunner({
      db: t.db,
      inference,
      embeddings,
      registry: gateway.registry,
      queued: (model) => gateway.scheduler.queued(model),
      logger,
      pollMs: 50,
      retryBaseMs: 50,
      ...overrides,
    });
    runners.push(runner);
    runner.start();
    return runner;
  };

  return {
    t,
    db: t.db,
    gateway,
    joinNode,
    serve: serveScripted,
    startRunner,
    async close() {
      await Promise.all(runners.map((r) => r.close()));
      for (const client of clients) client.close();
      await gateway.close();
      await new Promise((resolve) => server.close(resolve));
      await t.close();
    },
  };
}

/**
 * Makes a scripted node answer every chat task with `tokens` (one every `delayMs`), then done, and
 * every embeddings task with one vector per input ([index, 1]).
 */
function serveScripted(client: TestNodeClient, tokens: readonly string[], delayMs = 0): void {
  client.ws.on('message', async (data) => {
    const m = JSON.parse(String(data));
    if (m.type === 'task.embed') {
      client.send({ type: 'task.accepted', taskId: m.taskId });
      (m.input as string[]).forEach((_, index) => {
        client.send({ type: 'task.embedding', taskId: m.taskId, index, embedding: [index, 1] });
      });
      client.send({
        type: 'task.done',
        taskId: m.taskId,
        usage: { promptTokens: 1, completionTokens: 0 },
        finishReason: 'stop',
      });
      return;
    }
    if (m.type !== 'task.assign') return;
    client.send({ type: 'task.accepted', taskId: m.taskId });
    for (const [seq, text] of tokens.entries()) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (client.ws.readyState !== client.ws.OPEN) return;
      client.send({ type: 'task.token', taskId: m.taskId, seq, text });
    }
    client.send({
      type: 'task.done',
      taskId: m.taskId,
      usage: { promptTokens: 3, completionTokens: tokens.length },
      finishReason: 'stop',
    });
  });
}
