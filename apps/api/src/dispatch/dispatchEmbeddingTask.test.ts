import { describe, expect, it } from 'vitest';
import { useNodeGatewayFixtures } from '../../test/support/nodeGatewayFixtures.js';
import type { TestNodeClient } from '../../test/support/testNodeClient.js';
import { NoNodeAvailableError } from '../scheduler/NoNodeAvailableError.js';
import { NodeTaskFailedError } from './NodeTaskFailedError.js';

const fx = useNodeGatewayFixtures();
const { startGateway, joinNode } = fx;

const embeddingModels = [{ id: 'far-demo', capabilities: ['chat' as const, 'embeddings' as const] }];

/** Answers every `task.embed` with one vector per input ([index, 1]), or runs `misbehave` instead. */
function serveEmbeddings(client: TestNodeClient, misbehave?: (taskId: string) => void): void {
  client.ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.type !== 'task.embed') return;
    if (misbehave) return misbehave(m.taskId);
    client.send({ type: 'task.accepted', taskId: m.taskId });
    (m.input as string[]).forEach((_, index) => {
      client.send({ type: 'task.embedding', taskId: m.taskId, index, embedding: [index, 1] });
    });
    client.send({
      type: 'task.done',
      taskId: m.taskId,
      usage: { promptTokens: 7, completionTokens: 0 },
      finishReason: 'stop',
    });
  });
}

const embedTask = (input = ['a', 'b', 'c']) => ({
  taskId: `t-${Math.random().toString(16).slice(2, 10)}`,
  model: 'far-demo',
  input,
  minVramGb: 0,
});

describe('node gateway: embeddings dispatch', () => {
  it('collects one vector per input in input order from a node that announced embeddings', async () => {
    const env = await startGateway();
    const { client, nodeId } = await joinNode(env, { models: embeddingModels });
    serveEmbeddings(client);
    const result = await env.gateway.dispatchEmbedding(embedTask());
    expect(result).toMatchObject({
      nodeId,
      embeddings: [
        [0, 1],
        [1, 1],
        [2, 1],
      ],
      nodeClaimedPromptTokens: 7,
      attempts: 1,
    });
    expect(env.gateway.registry.get(nodeId)?.activeTasks).toBe(0);
  });

  it('never sends embeddings to a node that announced chat only', async () => {
    const env = await startGateway();
    await joinNode(env);
    await expect(env.gateway.dispatchEmbedding(embedTask())).rejects.toBeInstanceOf(NoNodeAvailableError);
  });

  it('tries one other node when the first fails before answering, and no third', async () => {
    const env = await startGateway();
    const first = await joinNode(env, { models: embeddingModels });
    const second = await joinNode(env, { models: embeddingModels });
    // Whichever node the scheduler picks first fails; the other answers.
    const failing = new Set<string>();
    for (const node of [first, second]) {
      serveEmbeddings(node.client, (taskId) => {
        failing.add(node.nodeId);
        node.client.send({ type: 'task.error', taskId, code: 'engine_error', message: 'CUDA out of memory' });
      });
    }
    const picked = await env.gateway.dispatchEmbedding(embedTask(['x'])).catch((e: unknown) => e);
    // Both failed: the caller gets the last node's error, after exactly two attempts.
    expect(picked).toBeInstanceOf(NodeTaskFailedError);
    expect(failing.size).toBe(2);
  });

  it('fails over to a healthy node when the first disconnects before answering', async () => {
    const env = await startGateway();
    const bad = await joinNode(env, { models: embeddingModels });
    const good = await joinNode(env, { models: embeddingModels });
    // The bad node is the scheduler's first choice (higher score).
    env.gateway.registry.setScore(bad.nodeId, 100);
    env.gateway.registry.setScore(good.nodeId, 50);
    serveEmbeddings(bad.client, () => bad.client.ws.close());
    serveEmbeddings(good.client);
    const result = await env.gateway.dispatchEmbedding(embedTask(['x', 'y']));
    expect(result).toMatchObject({
      nodeId: good.nodeId,
      attempts: 2,
      embeddings: [
        [0, 1],
        [1, 1],
      ],
    });
  });

  it('treats a node that ends without every vector as failed', async () => {
    const env = await startGateway();
    const { client } = await joinNode(env, { models: embeddingModels });
    serveEmbeddings(client, (taskId) => {
      client.send({ type: 'task.embedding', taskId, index: 0, embedding: [1] });
      client.send({
        type: 'task.done',
        taskId,
        usage: { promptTokens: 1, completionTokens: 0 },
        finishReason: 'stop',
      });
    });
    await expect(env.gateway.dispatchEmbedding(embedTask(['x', 'y']))).rejects.toMatchObject({
      reason: 'protocol_violation',
    });
  });
});
