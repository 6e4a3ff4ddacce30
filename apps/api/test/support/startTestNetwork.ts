import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDeployments } from '@far/contracts';
import { createTestDb } from '@far/db/testing';
import { toHex } from 'viem';
import { signInWithKey } from '../../src/cli/signInWithKey.js';
import { parseConfig } from '../../src/config/parseConfig.js';
import { startApiServer } from '../../src/startApiServer.js';
import { createChainTestbed } from './createChainTestbed.js';
import { NO_AUDITS_ENV } from './noAuditsEnv.js';
import { type FarNodeProcess, spawnFarNode } from './spawnFarNode.js';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
/** Built once per machine by the demo-model builder; the builder skips a file with the right hash. */
const demoModelPath = join(repoRoot, '.far/models/far-demo.gguf');

/** A free TCP port on loopback (the API must know its own URL before it listens, for SIWE and node joins). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Runs a command to completion; rejects with its output when it fails. */
function runToEnd(command: string, args: string[]) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: ${code}\n${output}`)),
    );
  });
}

export async function ensureDemoModel() {
  await runToEnd(join(repoRoot, 'node_modules/.bin/tsx'), [
    'apps/node/src/demoModel/cli.ts',
    '--out',
    demoModelPath,
  ]);
}

export type StartTestNetworkOptions = {
  /**
   * Give the API the coordinator's wallet, so its settlement batcher runs and `api.batcher` is
   * set. Off by default: other tests must not see batches land under them.
   */
  settlement?: boolean;
  /**
   * Redis namespace of the node cluster. Each network gets its own by default, so test files
   * sharing one Redis never see each other's nodes; give two networks the same name to make them
   * replicas of one cluster.
   */
  clusterName?: string;
  /** Reuse another network's chain (and deployments) instead of deploying a new one. */
  bed?: Awaited<ReturnType<typeof createChainTestbed>>;
  /** Reuse another network's database (replicas share one). */
  database?: Awaited<ReturnType<typeof createTestDb>>;
  /**
   * Proof of serving (canaries and spot-check audits) on, as in production, by default. `false`
   * for a test that counts the requests its nodes' engine receives: three tasks in ten a new node
   * serves draw a canary, sent after 0–20 of its further tasks or 0–10 s, and an audit re-runs a
   * task on another node.
   */
  audits?: boolean;
};

/**
 * The real API over an isolated database, an in-process Hardhat chain with the contracts deployed,
 * and helpers to start real far-node processes and sign users in.
 *
 * @param options - `settlement: true` to run the settlement batcher with the coordinator's wallet.
 */
export async function startTestNetwork(options: StartTestNetworkOptions = {}) {
  const bed = options.bed ?? (await createChainTestbed());
  const dir = mkdtempSync(join(tmpdir(), 'far-e2e-'));
  const api = await startTestApi(options, bed, dir);
  const nodes: FarNodeProcess[] = [];

  return {
    api,
    bed,
    dir,
    /**
     * Starts `far-node` (the real CLI) owned by `owner`, serving the demo model through llama.cpp
     * unless `engineArgs` names another engine.
     */
    startNode(owner: `0x${string}`, extraArgs: string[] = [], engineArgs?: string[]) {
      const key = toHex(bed.signerOf(owner).getHdKey().privateKey as Uint8Array);
      const handle = spawnFarNode({
        coordinatorUrl: api.url,
        walletKey: key,
        engineArgs: engineArgs ?? DEMO_MODEL_ENGINE_ARGS,
        stateDir: mkdtempSync(join(dir, 'node-')),
        extraArgs,
      });
      nodes.push(handle);
      return handle;
    },
    /** Waits until `count` nodes serve the model. */
    async waitForNodes(model: string, count = 1, timeoutMs = 60_000) {
      await waitForServingNodes(api, nodes, model, count, timeoutMs);
    },
    /** Signs `user` in with SIWE and returns an API key for it. */
    async apiKeyFor(user: `0x${string}`) {
      return signInForApiKey(api.url, bed, user);
    },
    /**
     * What a user does before using inference: deposits FAR on chain and puts on chain the EIP-712
     * spending authorization that lets the coordinator settle its charges. (Through the web app the
     * API submits it; this network's API holds the coordinator key only with `settlement`.)
     */
    async fund(user: `0x${string}`, apiKey: string, amount: bigint) {
      await bed.deposit(user, amount);
      await bed.authorize(user, amount * 10n, BigInt(Math.floor(Date.now() / 1000) + 365 * 86_400), 1n);
      await this.waitForBalance(apiKey, amount);
    },
    /** Waits until the indexer has credited at least `amount` to the user's available balance. */
    async waitForBalance(apiKey: string, atLeast: bigint, timeoutMs = 30_000) {
      return waitForAvailableBalance(api.url, apiKey, atLeast, timeoutMs);
    },
    async close() {
      for (const node of nodes) node.child.kill('SIGKILL');
      await api.close();
    },
  };
}

type ChainTestbed = Awaited<ReturnType<typeof createChainTestbed>>;
type TestApi = Awaited<ReturnType<typeof startApiServer>>;

/** How a test far-node runs the demo model: llama.cpp on one thread. */
const DEMO_MODEL_ENGINE_ARGS = [
  '--engine',
  'llama',
  '--model',
  demoModelPath,
  '--model-id',
  'far-demo',
  '--threads',
  '1',
];

/** Starts the API on a free port over `bed`'s deployments and the given (or a fresh) database. */
async function startTestApi(
  options: StartTestNetworkOptions,
  bed: ChainTestbed,
  dir: string,
): Promise<TestApi> {
  const deploymentsFile = join(dir, 'deployments.json');
  await writeDeployments(deploymentsFile, bed.deployments);
  const port = await freePort();
  const config = parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.FAR_TEST_LOG ?? 'silent',
    PORT: String(port),
    DATA_DIR: dir,
    DEPLOYMENTS_FILE: deploymentsFile,
    CHAIN_ID: String(bed.deployments.chainId),
    REDIS_URL: process.env.REDIS_URL,
    CLUSTER_NAME: options.clusterName ?? `test-${randomUUID()}`,
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
    ...(options.audits === false ? NO_AUDITS_ENV : {}),
  });
  const database = options.database ?? (await createTestDb());
  return startApiServer(config, {
    database,
    publicClient: bed.publicClient,
    ...(options.settlement ? { walletClient: bed.coordinatorWallet } : {}),
  });
}

/** Waits until `count` nodes serve `model` online; on timeout, fails with the nodes' output. */
async function waitForServingNodes(
  api: TestApi,
  nodes: FarNodeProcess[],
  model: string,
  count: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    let serving = 0;
    for (const node of api.gateway.registry.nodesServing(model)) if (node.status === 'online') serving++;
    if (serving >= count) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  const logs = nodes.map((n) => n.output().slice(-2000)).join('\n---\n');
  throw new Error(`no ${count} node(s) for ${model} within ${timeoutMs} ms; node output:\n${logs}`);
}

/** Signs `user` in with SIWE and creates an API key for it. */
async function signInForApiKey(apiUrl: string, bed: ChainTestbed, user: `0x${string}`) {
  const key = toHex(bed.signerOf(user).getHdKey().privateKey as Uint8Array);
  const session = await signInWithKey(apiUrl, key, bed.deployments.chainId);
  const response = await fetch(`${apiUrl}/api/keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'e2e' }),
  });
  const { key: apiKey } = (await response.json()) as { key: string };
  return { apiKey, userId: session.user.id, accessToken: session.accessToken };
}

/** Waits until the indexer has credited at least `atLeast` to the key's user; returns the balance. */
async function waitForAvailableBalance(
  apiUrl: string,
  apiKey: string,
  atLeast: bigint,
  timeoutMs: number,
): Promise<bigint> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const me = (await (
      await fetch(`${apiUrl}/api/me`, { headers: { authorization: `Bearer ${apiKey}` } })
    ).json()) as {
      balances: { available: string };
    };
    if (BigInt(me.balances.available) >= atLeast) return BigInt(me.balances.available);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('deposit was not indexed in time');
}
