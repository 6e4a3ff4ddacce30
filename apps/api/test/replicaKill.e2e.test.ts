import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeDeployments } from '@far/contracts';
import { createDb, type DbHandle, inferenceTasks } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import OpenAI from 'openai';
import { parseEther, toHex } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingTokens } from '../bench/reliability/countingTokens.js';
import { type CountingUpstream, startCountingUpstream } from '../bench/reliability/startCountingUpstream.js';
import { signInWithKey } from '../src/cli/signInWithKey.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';
import { NO_AUDITS_ENV } from './support/noAuditsEnv.js';
import { type ChainRpcServer, serveChainRpc } from './support/serveChainRpc.js';
import { type ApiProcess, spawnApiProcess } from './support/spawnApiProcess.js';
import { type FarNodeProcess, spawnFarNode } from './support/spawnFarNode.js';
import { freePort } from './support/startTestNetwork.js';
import { waitUntil } from './support/waitUntil.js';

/**
 * A replica dies (issue 5, items 3 and 4, at process level): two API processes share Postgres,
 * Redis and the chain; a client streams through replica B from a node that is connected to
 * replica A; A is killed with -9 mid-stream. B notices (the node's frames stop and A's
 * announcements lapse), resumes the task on a node connected to B, and the client's stream
 * completes token-exact. Restarted, A takes its node back and the cluster is whole again.
 * Postgres and Redis are required: PGlite cannot be shared by two processes.
 */
const TOKENS = 400;
const PROMPT = 'Count up from 0:';
const expectedText = countingTokens(PROMPT, TOKENS).join('');

describe.skipIf(!process.env.REDIS_URL || !process.env.DATABASE_URL)('a killed API replica', () => {
  let upstream: CountingUpstream;
  let bed: ChainTestbed;
  let rpc: ChainRpcServer;
  let dir: string;
  let database: TestDbHandle;
  let db: DbHandle;
  let envA: Record<string, string | undefined> & { PORT: string };
  let replicaA: ApiProcess;
  let replicaB: ApiProcess;
  const nodes: FarNodeProcess[] = [];
  let client: OpenAI;

  const keyOf = (address: `0x${string}`) => toHex(bed.signerOf(address).getHdKey().privateKey as Uint8Array);

  async function availableNodes(url: string): Promise<number> {
    const status = (await (await fetch(`${url}/api/network/status`)).json()) as { available_nodes: number };
    return status.available_nodes;
  }

  const waitFor = (what: string, done: () => Promise<boolean>, timeoutMs = 60_000) =>
    waitUntil(what, done, {
      timeoutMs,
      context: () =>
        `replica A:\n${replicaA?.output().slice(-3000)}\nreplica B:\n${replicaB?.output().slice(-3000)}`,
    });

  function startNode(owner: `0x${string}`, nodeId: string, coordinatorUrl: string): FarNodeProcess {
    const node = spawnFarNode({
      coordinatorUrl,
      walletKey: keyOf(owner),
      engineArgs: ['--engine', 'openai', '--upstream', upstream.url(nodeId), '--model', 'far-demo'],
      extraArgs: ['--node-id', nodeId, '--max-concurrency', '4'],
      stateDir: join(dir, nodeId),
    });
    nodes.push(node);
    return node;
  }

  beforeAll(async () => {
    upstream = await startCountingUpstream({ tokenDelayMs: 50 });
    bed = await createChainTestbed();
    rpc = await serveChainRpc(bed.chain.provider);
    dir = mkdtempSync(join(tmpdir(), 'far-replica-kill-'));
    const deploymentsFile = join(dir, 'deployments.json');
    await writeDeployments(deploymentsFile, bed.deployments);
    database = await createTestDb();
    db = await createDb({ url: database.url as string, maxConnections: 2 });
    const common = {
      DATA_DIR: dir,
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL,
      CLUSTER_NAME: `replica-kill-${randomUUID()}`,
      CHAIN_RPC_URL: rpc.url,
      CHAIN_ID: String(bed.deployments.chainId),
      DEPLOYMENTS_FILE: deploymentsFile,
      JWT_SECRET: 'replica-kill-secret-replica-kill-secret',
      ...NO_AUDITS_ENV,
    };
    envA = { ...common, PORT: String(await freePort()) };
    replicaA = await spawnApiProcess({ env: envA });
    replicaB = await spawnApiProcess({ env: { ...common, PORT: String(await freePort()) } });

    const [user, ownerA] = bed.users as [`0x${string}`, `0x${string}`];
    startNode(ownerA, 'node-on-a', replicaA.url);
    const session = await signInWithKey(replicaB.url, keyOf(user), bed.deployments.chainId);
    const created = await fetch(`${replicaB.url}/api/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'replica-kill' }),
    });
    const { key: apiKey } = (await created.json()) as { key: string };
    const deposit = parseEther('1000');
    await bed.deposit(user, deposit);
    await bed.authorize(user, deposit * 10n, BigInt(Math.floor(Date.now() / 1000) + 365 * 86_400), 1n);
    await waitFor('the deposit is indexed', async () => {
      const me = (await (
        await fetch(`${replicaB.url}/api/me`, { headers: { authorization: `Bearer ${apiKey}` } })
      ).json()) as { balances: { available: string } };
      return BigInt(me.balances.available) >= deposit;
    });
    // Replica B knows the node only through the cluster directory.
    await waitFor('replica B sees the node on A', async () => (await availableNodes(replicaB.url)) === 1);
    client = new OpenAI({ baseURL: `${replicaB.url}/v1`, apiKey, maxRetries: 0 });
  }, 300_000);

  afterAll(async () => {
    for (const node of nodes) await node.kill();
    await replicaB?.kill();
    await replicaA?.kill();
    await db?.close();
    await rpc?.close();
    await upstream?.close();
    await database?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a stream on a node of the surviving replica when the replica holding its node is killed -9', async () => {
    const [, , ownerB] = bed.users as [`0x${string}`, `0x${string}`, `0x${string}`];
    const stream = await client.chat.completions.create({
      model: 'far-demo',
      messages: [{ role: 'user', content: PROMPT }],
      max_tokens: TOKENS,
      temperature: 0,
      stream: true,
    });
    let text = '';
    let chunks = 0;
    let far: { task_id: string; node_id: string } | undefined;
    let killed = false;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        text += delta;
        chunks += 1;
        if (chunks === 10) {
          // The node on A serves it; a second node joins B while it streams; then A dies.
          expect(upstream.streams.filter((s) => !s.finished && !s.aborted).map((s) => s.label)).toEqual([
            'node-on-a',
          ]);
          startNode(ownerB, 'node-on-b', replicaB.url);
          await waitFor('replica B has two nodes', async () => (await availableNodes(replicaB.url)) === 2);
          await replicaA.kill();
          killed = true;
        }
      }
      const extra = (chunk as unknown as { far?: { task_id: string; node_id: string } }).far;
      if (extra) far = extra;
    }

    // One uninterrupted answer, finished by the node on the surviving replica.
    expect(killed).toBe(true);
    expect(text).toBe(expectedText);
    expect(chunks).toBe(TOKENS);
    expect(far?.node_id).toBe('node-on-b');
    const [task] = await db.db
      .select()
      .from(inferenceTasks)
      .where(eq(inferenceTasks.taskId, far?.task_id ?? ''));
    expect(task?.status).toBe('completed');
    expect(task?.completionTokens).toBe(TOKENS);

    // The dead replica's node leaves B's registry; restarted, A takes it back (the node reconnects).
    await waitFor("the dead replica's node leaves B", async () => (await availableNodes(replicaB.url)) === 1);
    replicaA = await spawnApiProcess({ env: envA });
    await waitFor(
      'the cluster is whole again',
      async () => (await availableNodes(replicaB.url)) === 2,
      90_000,
    );
  });
});
