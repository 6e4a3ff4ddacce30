import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { signInWithKey } from '../../src/cli/signInWithKey.js';
import { type ApiProcess, spawnApiProcess } from '../../test/support/spawnApiProcess.js';
import { type FarNodeProcess, spawnFarNode } from '../../test/support/spawnFarNode.js';
import { freePort } from '../../test/support/startTestNetwork.js';
import { apiCommandArgs } from './apiCommandArgs.js';
import type { BenchDatabase } from './benchDatabases.js';
import { pollUntil } from './pollUntil.js';
import { BENCH_DEPOSIT, type BenchChain } from './prepareBenchChain.js';

/** How long a restarted API waits for its far-node to reconnect by itself. */
const REJOIN_TIMEOUT_MS = 60_000;

/** Far as the benchmark runs it: the API and a far-node, each a process of its own. */
export type FarStack = {
  /** The API process (replaced by {@link FarStack.restartApi}). */
  api: ApiProcess;
  node: FarNodeProcess;
  /** Far's OpenAI base URL (`…/v1`). */
  url: string;
  /** API keys, `keysPerUser` per user, interleaved so that consecutive requests use different users. */
  keys: string[];
  userIds: string[];
  /** The Postgres database made for this run (undefined on PGlite, whose files lie under `dataDir`). */
  postgres: TestDbHandle | undefined;
  dataDir: string;
  /** The API's and the far-node's process ids. */
  pids(): number[];
  /**
   * SIGKILLs the API, starts it again on the same database and port, and waits until the node
   * serves again. Resolves true when the far-node process reconnected by itself within 60 s;
   * false when it did not and a new far-node process (same node id) was started instead.
   */
  restartApi(): Promise<boolean>;
  close(): Promise<void>;
};

/**
 * Starts the real API (`main.ts`, role `all`) on `database` — PGlite files in a folder of its own,
 * or a fresh Postgres database with Redis — and a real far-node serving `far-demo` from `engineUrl`;
 * signs every user in and gives each `keysPerUser` API keys; waits until the deposits are indexed
 * and the node serves.
 *
 * All requests come from loopback, one address, so the per-address limit is lifted; the per-key
 * limit stays as configured, and there are enough keys that it is never what is measured.
 *
 * @param options.chain - the funded chain; `database` where Far keeps its state.
 * @returns the running stack.
 * @example
 * const far = await startFarStack({ chain, database: { kind: 'pglite' }, engineUrl, keysPerUser: 12 });
 */
export async function startFarStack(options: {
  chain: BenchChain;
  database: BenchDatabase;
  engineUrl: string;
  keysPerUser: number;
  maxConcurrency?: number;
}): Promise<FarStack> {
  const { chain, database } = options;
  const dataDir = mkdtempSync(join(chain.dir, `${database.kind}-`));
  const postgres =
    database.kind === 'postgres'
      ? await createTestDb({ driver: 'postgres', url: database.serverUrl })
      : undefined;
  const env = {
    PORT: String(await freePort()),
    DATA_DIR: dataDir,
    DATABASE_URL: postgres?.url,
    REDIS_URL: database.kind === 'postgres' ? database.redisUrl : undefined,
    CLUSTER_NAME: `bench-${randomUUID()}`,
    CHAIN_RPC_URL: chain.rpc.url,
    CHAIN_ID: String(chain.bed.deployments.chainId),
    DEPLOYMENTS_FILE: chain.deploymentsFile,
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    RATE_LIMIT_IP_PER_MINUTE: '100000000',
  };
  // BENCH_CPU_PROF=<dir>: the API and far-node write a V8 CPU profile there when they stop
  // (SIGTERM → exit); far-node's frames are in far-node.mjs, the API's in far-api.mjs (its source
  // map beside it) unless BENCH_API=sources.
  const cpuProfDir = process.env.BENCH_CPU_PROF;
  const profile = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : undefined;
  const args = apiCommandArgs(profile);
  const spawnApi = () => spawnApiProcess({ env, args });
  const stack = {
    api: await spawnApi(),
    postgres,
    dataDir,
  } as FarStack;
  const startNode = () =>
    spawnFarNode({
      coordinatorUrl: stack.api.url,
      walletKey: chain.ownerKey,
      engineArgs: ['--engine', 'openai', '--upstream', options.engineUrl, '--model', 'far-demo'],
      extraArgs: ['--max-concurrency', String(options.maxConcurrency ?? 256)],
      stateDir: join(dataDir, 'node'),
      ...(profile ? { nodeArgs: profile } : {}),
    });
  stack.node = startNode();
  stack.url = `${stack.api.url}/v1`;
  stack.pids = () => [stack.api.child.pid as number, stack.node.child.pid as number];
  stack.restartApi = async () => {
    await stack.api.kill();
    stack.api = await spawnApi();
    try {
      await waitForServingNode(stack, REJOIN_TIMEOUT_MS);
      return true;
    } catch {
      // The same far-node process did not reconnect: a new one (same node id) lets the run go on.
      await stack.node.kill();
      stack.node = startNode();
      await waitForServingNode(stack);
      return false;
    }
  };
  stack.close = async () => {
    if (profile) {
      // A SIGKILLed process writes no profile; far-node exits by itself on SIGTERM once idle.
      stack.node.child.kill('SIGTERM');
      await Promise.race([stack.node.exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await stack.node.kill();
    await stack.api.kill();
    await postgres?.close();
  };
  try {
    const perUser = await Promise.all(
      chain.users.map((user) => keysFor(stack.api.url, chain, user, options.keysPerUser)),
    );
    stack.userIds = perUser.map((u) => u.userId);
    stack.keys = perUser[0]?.keys.flatMap((_, k) => perUser.map((u) => u.keys[k] as string)) ?? [];
    await waitForFunds(stack);
    await waitForServingNode(stack);
  } catch (error) {
    await stack.close();
    throw error;
  }
  return stack;
}

/** Signs `user` in and creates `count` API keys for it. */
async function keysFor(apiUrl: string, chain: BenchChain, user: `0x${string}`, count: number) {
  const session = await signInWithKey(apiUrl, chain.privateKeyOf(user), chain.bed.deployments.chainId);
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${apiUrl}/api/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `bench-${i}` }),
    });
    if (!response.ok) throw new Error(`creating an API key: ${response.status} ${await response.text()}`);
    keys.push(((await response.json()) as { key: string }).key);
  }
  return { userId: session.user.id, keys };
}

/** Waits until the API has indexed every user's deposit. */
async function waitForFunds(stack: FarStack): Promise<void> {
  const keys = stack.keys.slice(0, stack.userIds.length);
  await pollUntil(
    'every deposit is indexed',
    async () => {
      for (const key of keys) {
        const me = (await (
          await fetch(`${stack.api.url}/api/me`, { headers: { authorization: `Bearer ${key}` } })
        ).json()) as { balances: { available: string } };
        if (BigInt(me.balances.available) < BENCH_DEPOSIT) return false;
      }
      return true;
    },
    { timeoutMs: 120_000, context: () => stack.api.output().slice(-3000) },
  );
}

/** Waits until the far-node serves `far-demo`. */
async function waitForServingNode(stack: FarStack, timeoutMs = 120_000): Promise<void> {
  await pollUntil(
    'the far-node serves far-demo',
    async () => {
      const response = await fetch(`${stack.url}/models`).catch(() => undefined);
      const models = (await response?.json().catch(() => undefined)) as
        | { data: { id: string; available_nodes: number }[] }
        | undefined;
      return (models?.data.find((m) => m.id === 'far-demo')?.available_nodes ?? 0) > 0;
    },
    {
      timeoutMs,
      gaveUp: () => stack.node.child.exitCode !== null,
      context: () => `${stack.api.output().slice(-2000)}\n${stack.node.output().slice(-2000)}`,
    },
  );
}
