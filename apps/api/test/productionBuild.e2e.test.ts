/**
 * The production build, run the way the images run it: `npm run build`, then the bundled API as
 * separate `migrate`, `api` and `worker` processes and `next start` for the web app, all with
 * NODE_ENV=production against PostgreSQL and Redis, over a chain a far-node serves. A user pays for
 * a completion through the web app's /v1 proxy; the worker indexes the deposit and settles the
 * charge on chain. Needs DATABASE_URL and REDIS_URL (CI sets both).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inferencePaymentAbi, writeDeployments } from '@far/contracts';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { type Hex, parseEther, toHex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webBuildIsStale } from '../../web/bench/webBuildIsStale.js';
import { signInWithKey } from '../src/cli/signInWithKey.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';
import { productionCommands } from './support/productionCommands.js';
import { type ChainRpcServer, serveChainRpc } from './support/serveChainRpc.js';
import { type ApiProcess, spawnApiProcess } from './support/spawnApiProcess.js';
import { type FarNodeProcess, spawnFarNode } from './support/spawnFarNode.js';
import { ensureDemoModel, freePort, repoRoot } from './support/startTestNetwork.js';
import { waitUntil } from './support/waitUntil.js';

const enabled = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

/** Runs a shell command from the repository root; rejects with its output when it fails. */
function run(command: string, env: Record<string, string | undefined> = {}) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd: repoRoot, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command}: ${code}\n${output.slice(-4000)}`)),
    );
  });
}

describe.skipIf(!enabled)('the production build (api + worker + web on PostgreSQL and Redis)', () => {
  let bed: ChainTestbed;
  let rpc: ChainRpcServer;
  let database: TestDbHandle;
  let env: Record<string, string | undefined> & { PORT: string };
  let api: ApiProcess;
  let worker: ApiProcess;
  let web: { url: string; child: ChildProcess; output: () => string };
  let node: FarNodeProcess;
  const dir = mkdtempSync(join(tmpdir(), 'far-production-'));
  const [apiCommand, ...apiArgs] = productionCommands.api.start;

  beforeAll(async () => {
    await run(productionCommands.api.build);
    if (webBuildIsStale(join(repoRoot, 'apps/web'))) await run(productionCommands.web.build);
    await ensureDemoModel();
    bed = await createChainTestbed();
    rpc = await serveChainRpc(bed.chain.provider);
    const deploymentsFile = join(dir, 'deployments.json');
    await writeDeployments(deploymentsFile, bed.deployments);
    database = await createTestDb({ migrate: false });
    const coordinatorKey = await productionCoordinator(bed);
    const apiPort = await freePort();
    env = {
      NODE_ENV: 'production',
      PORT: String(apiPort),
      PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      DATA_DIR: dir,
      DATABASE_URL: database.url,
      REDIS_URL: process.env.REDIS_URL,
      CLUSTER_NAME: `production-${apiPort}`,
      CHAIN_RPC_URL: rpc.url,
      CHAIN_ID: String(bed.deployments.chainId),
      DEPLOYMENTS_FILE: deploymentsFile,
      JWT_SECRET: toHex(crypto.getRandomValues(new Uint8Array(32))),
      OPERATOR_TOKEN: toHex(crypto.getRandomValues(new Uint8Array(32))),
      COORDINATOR_PRIVATE_KEY: coordinatorKey,
      SETTLEMENT_PERIOD_SECONDS: '2',
    };
    expect(apiCommand).toBe('node');
    const migrate = await spawnApiProcess({
      env: { ...env, PORT: String(await freePort()) },
      args: [...apiArgs, 'migrate'],
      readyMessage: 'never',
    }).catch((error: Error) => error);
    // `migrate` never listens: it exits, and exit 0 means the migrations were applied.
    expect(migrate).toBeInstanceOf(Error);
    expect(String(migrate)).toMatch(/exited \(0\)/);
    api = await spawnApiProcess({ env, args: [...apiArgs, 'api'] });
    worker = await spawnApiProcess({
      env: { ...env, PORT: String(await freePort()) },
      args: [...apiArgs, 'worker'],
      readyMessage: 'far-api worker listening',
    });
    web = await startWeb(api.url);
    const [, owner] = bed.users as [`0x${string}`, `0x${string}`];
    node = spawnFarNode({
      coordinatorUrl: api.url,
      walletKey: toHex(bed.signerOf(owner).getHdKey().privateKey as Uint8Array),
      engineArgs: [
        '--engine',
        'llama',
        '--model',
        join(repoRoot, '.far/models/far-demo.gguf'),
        '--model-id',
        'far-demo',
        '--threads',
        '1',
      ],
      stateDir: mkdtempSync(join(dir, 'node-')),
    });
  }, 900_000);

  afterAll(async () => {
    node?.child.kill('SIGKILL');
    web?.child.kill('SIGTERM');
    await worker?.stop();
    await api?.stop();
    await rpc?.close();
    await database?.close();
  });

  it('serves and bills a completion through the web app, and the worker settles it on chain', async () => {
    const [user] = bed.users as [`0x${string}`];
    const userKey = toHex(bed.signerOf(user).getHdKey().privateKey as Uint8Array);
    const session = await signInWithKey(api.url, userKey, bed.deployments.chainId);
    const created = await fetch(`${api.url}/api/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'production' }),
    });
    const { key: apiKey } = (await created.json()) as { key: string };
    const deposit = parseEther('100');
    await bed.deposit(user, deposit);
    await bed.authorize(user, deposit, BigInt(Math.floor(Date.now() / 1000) + 86_400), 1n);
    const available = async () => {
      const me = await fetch(`${api.url}/api/me`, { headers: { authorization: `Bearer ${apiKey}` } });
      return BigInt(((await me.json()) as { balances: { available: string } }).balances.available);
    };
    // Only the worker indexes: the api role credits nothing itself.
    await waitUntil('the worker indexes the deposit', async () => (await available()) === deposit, {
      context: () => worker.output().slice(-3000),
    });

    let completion: Response | undefined;
    await waitUntil(
      'a completion is served through the web app',
      async () => {
        completion = await fetch(`${web.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'far-demo',
            max_tokens: 8,
            messages: [{ role: 'user', content: 'Hello' }],
          }),
        });
        return completion.status === 200;
      },
      { timeoutMs: 120_000, context: () => `${web.output().slice(-2000)}\n${node.output().slice(-2000)}` },
    );
    const body = (await completion?.json()) as { usage: { completion_tokens: number } };
    expect(body.usage.completion_tokens).toBeGreaterThan(0);
    const charged = deposit - (await available());
    expect(charged).toBeGreaterThan(0n);

    // The leading worker settles the charge: the user's escrow on chain drops by exactly it.
    await waitUntil(
      'the worker settles the charge on chain',
      async () => {
        const escrow = await bed.publicClient.readContract({
          address: bed.deployments.contracts.inferencePayment,
          abi: inferencePaymentAbi,
          functionName: 'userBalances',
          args: [user],
        });
        return escrow === deposit - charged;
      },
      { timeoutMs: 120_000, context: () => worker.output().slice(-3000) },
    );
  });

  it('shuts down gracefully on SIGTERM', async () => {
    expect(await worker.stop()).toEqual({ code: 0, signal: null });
    expect(await api.stop()).toEqual({ code: 0, signal: null });
  });

  /** `next start` exactly as the web image runs it, proxying to the production API. */
  async function startWeb(apiUrl: string) {
    const port = await freePort();
    const [command, ...args] = productionCommands.web.start;
    const child = spawn(command, [...args, '-p', String(port), '-H', '127.0.0.1'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        API_URL: apiUrl,
        NEXT_PUBLIC_API_URL: apiUrl,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d));
    child.stderr?.on('data', (d: Buffer) => (output += d));
    const url = `http://127.0.0.1:${port}`;
    await waitUntil('next start answers', async () => (await fetch(url)).ok, {
      timeoutMs: 120_000,
      context: () => output.slice(-3000),
    });
    return { url, child, output: () => output };
  }
});

/**
 * A coordinator key of its own, as production requires (the Hardhat keys are refused): granted
 * ORACLE_ROLE by the deployer and given gas money.
 */
async function productionCoordinator(bed: ChainTestbed): Promise<Hex> {
  const key = generatePrivateKey();
  const address = privateKeyToAccount(key).address;
  const role = await bed.publicClient.readContract({
    address: bed.deployments.contracts.inferencePayment,
    abi: inferencePaymentAbi,
    functionName: 'ORACLE_ROLE',
  });
  await bed.send(bed.coordinator, {
    address: bed.deployments.contracts.inferencePayment,
    abi: inferencePaymentAbi,
    functionName: 'grantRole',
    args: [role, address],
  });
  await bed.chain.provider.request({
    method: 'hardhat_setBalance',
    params: [address, toHex(parseEther('100'))],
  } as never);
  return key;
}
