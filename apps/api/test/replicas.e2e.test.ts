import { randomUUID } from 'node:crypto';
import { createDb, inferenceTasks } from '@far/db';
import { createTestDb } from '@far/db/testing';
import { desc, eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingTokens } from '../bench/reliability/countingTokens.js';
import { type CountingUpstream, startCountingUpstream } from '../bench/reliability/startCountingUpstream.js';
import { startTestNetwork } from './support/startTestNetwork.js';

/**
 * Two API replicas sharing one database, one Redis and one chain (issue 5, item 4). Far-nodes
 * connect to one replica, clients to the other: the node registry, the dispatch and every token
 * cross between them through Redis, with no sticky sessions.
 */
type Network = Awaited<ReturnType<typeof startTestNetwork>>;
type Far = { task_id: string; node_id: string; cost_far_wei: string };

const MAX_TOKENS = 40;
const messages = [{ role: 'user' as const, content: 'Count up from 0:' }];
const expectedText = countingTokens('Count up from 0:', MAX_TOKENS).join('');

describe.skipIf(!process.env.REDIS_URL)('API replicas over Redis', () => {
  let replicaA: Network;
  let replicaB: Network;
  let upstream: CountingUpstream;
  /** A client of replica B. */
  let client: OpenAI;
  const nodes = new Map<string, ReturnType<Network['startNode']>>();

  /** A far-node of the counting model, joined to `replica`. */
  function startCountingNode(replica: Network, owner: `0x${string}`, nodeId: string): void {
    nodes.set(
      nodeId,
      replica.startNode(
        owner,
        ['--node-id', nodeId, '--max-concurrency', '4'],
        ['--engine', 'openai', '--upstream', upstream.url(nodeId), '--model', 'far-demo'],
      ),
    );
  }

  beforeAll(async () => {
    upstream = await startCountingUpstream({ tokenDelayMs: 25 });
    const clusterName = `replicas-${randomUUID()}`;
    const database = await createTestDb();
    replicaA = await startTestNetwork({ clusterName, database, audits: false });
    // Replica B: the same database (its own connection pool on Postgres), chain and cluster.
    const shared = database.url
      ? await createDb({ url: database.url, maxConnections: 5 })
      : { ...database, close: async () => {} };
    replicaB = await startTestNetwork({
      clusterName,
      audits: false,
      bed: replicaA.bed,
      database: { ...shared, url: database.url },
    });
    const [user, owner] = replicaA.bed.users as `0x${string}`[];
    startCountingNode(replicaA, owner as `0x${string}`, 'rep-a');
    const { apiKey } = await replicaB.apiKeyFor(user as `0x${string}`);
    await replicaB.fund(user as `0x${string}`, apiKey, parseEther('1000'));
    await replicaA.waitForNodes('far-demo', 1, 120_000);
    // Replica B sees the node through the cluster's directory, though it never connected there.
    await replicaB.waitForNodes('far-demo', 1, 30_000);
    client = new OpenAI({ baseURL: `${replicaB.api.url}/v1`, apiKey, maxRetries: 0 });
  }, 240_000);

  afterAll(async () => {
    // B first: A's close drops the shared test database.
    await replicaB?.close();
    await replicaA?.close();
    await upstream?.close();
  });

  async function streamCount(onToken: (index: number) => void = () => {}, signal?: AbortSignal) {
    const stream = await client.chat.completions.create(
      { model: 'far-demo', messages, max_tokens: MAX_TOKENS, temperature: 0, stream: true },
      { signal },
    );
    let text = '';
    let chunks = 0;
    let far: Far | undefined;
    let usage: OpenAI.CompletionUsage | undefined;
    try {
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) {
          text += delta;
          onToken(chunks++);
        }
        if (chunk.usage) usage = chunk.usage;
        const extra = (chunk as unknown as { far?: Far }).far;
        if (extra) far = extra;
      }
    } catch (error) {
      if (!signal?.aborted) throw error;
    }
    return { text, chunks, far, usage };
  }

  async function taskRow(taskId: string) {
    for (let i = 0; i < 100; i++) {
      const [row] = await replicaB.api.db
        .select()
        .from(inferenceTasks)
        .where(eq(inferenceTasks.taskId, taskId));
      if (row && row.status !== 'running' && row.status !== 'pending') return row;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`task ${taskId} did not finish`);
  }

  it('serves a client of one replica with a node connected to the other', async () => {
    expect(replicaB.api.gateway.stats().nodesOnline).toBe(0);
    expect(replicaA.api.gateway.stats().nodesOnline).toBe(1);
    const models = (await (await fetch(`${replicaB.api.url}/v1/models`)).json()) as {
      data: { id: string }[];
    };
    expect(models.data.map((m) => m.id)).toContain('far-demo');

    const run = await streamCount();
    expect(run.text).toBe(expectedText);
    expect(run.chunks).toBe(MAX_TOKENS);
    expect(run.far?.node_id).toBe('rep-a');
    const task = await taskRow(run.far?.task_id ?? '');
    expect(task.status).toBe('completed');
    expect(task.completionTokens).toBe(MAX_TOKENS);
    expect(task.costFarWei).toBe(BigInt(run.far?.cost_far_wei ?? -1));
    // The holding replica freed the node's slot, and both views agree.
    await expect.poll(() => replicaA.api.gateway.registry.get('rep-a')?.activeTasks).toBe(0);
    await expect.poll(() => replicaB.api.gateway.registry.get('rep-a')?.activeTasks).toBe(0);
  });

  it('passes a client cancel through to the node on the other replica and bills what was delivered', async () => {
    const controller = new AbortController();
    const before = upstream.streams.length;
    const run = await streamCount((index) => {
      if (index === 9) controller.abort();
    }, controller.signal);
    expect(run.chunks).toBeGreaterThanOrEqual(10);
    // The node closed its upstream request: the cancel reached it through replica A.
    await expect.poll(() => upstream.streams.slice(before).every((s) => s.aborted || s.finished)).toBe(true);
    const served = upstream.streams.slice(before);
    expect(served).toHaveLength(1);
    expect(served[0]?.aborted).toBe(true);
    // Billed once, for the tokens the coordinator passed on: at least what the client read.
    const [latest] = await replicaB.api.db
      .select()
      .from(inferenceTasks)
      .orderBy(desc(inferenceTasks.createdAt))
      .limit(1);
    const task = await taskRow(latest?.taskId ?? '');
    expect(task.status).toBe('cancelled');
    expect(task.completionTokens).toBeGreaterThanOrEqual(run.chunks);
    expect(task.completionTokens).toBeLessThan(MAX_TOKENS);
    expect(task.costFarWei).toBeGreaterThan(0n);
    await expect.poll(() => replicaA.api.gateway.registry.get('rep-a')?.activeTasks).toBe(0);
  });

  it('resumes a stream token-exact when the serving node dies, across replicas', async () => {
    const [, , owner] = replicaA.bed.users as `0x${string}`[];
    startCountingNode(replicaB, owner as `0x${string}`, 'rep-b');
    await replicaB.waitForNodes('far-demo', 2, 60_000);
    await replicaA.waitForNodes('far-demo', 2, 30_000);

    let killed = '';
    const run = await streamCount((index) => {
      if (index !== 9) return;
      const live = upstream.streams.filter((s) => !s.finished && !s.aborted);
      expect(live).toHaveLength(1);
      killed = live[0]?.label ?? '';
      nodes.get(killed)?.child.kill('SIGKILL');
    });
    expect(killed).not.toBe('');
    // One uninterrupted stream, whichever replica held the dead node and the one that took over.
    expect(run.text).toBe(expectedText);
    expect(run.chunks).toBe(MAX_TOKENS);
    expect(run.far?.node_id).not.toBe(killed);
    const task = await taskRow(run.far?.task_id ?? '');
    expect(task.completionTokens).toBe(MAX_TOKENS);
    // The dead node leaves both replicas' registries.
    await expect.poll(() => replicaA.api.gateway.registry.get(killed), { timeout: 15_000 }).toBeUndefined();
    await expect.poll(() => replicaB.api.gateway.registry.get(killed), { timeout: 15_000 }).toBeUndefined();
  });
});
