import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { devAccount, LOCAL_ROLE_ACCOUNTS } from '@far/contracts';
import { toHex } from 'viem';
import { webBuildIsStale } from '../apps/web/bench/webBuildIsStale.js';
import { bondLocalNodes } from './demo/bondLocalNodes.js';
import { seedDemoData } from './demo/seedDemoData.js';
import {
  anvilArgs,
  anvilBinary,
  chainStateFile,
  keepChainClockMonotonic,
  setAsideUnreadableChainState,
} from './localChain.js';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));

const devKey = (index: number) => toHex(devAccount(index).getHdKey().privateKey as Uint8Array);

/** Hardhat's public development keys (mnemonic "test … junk"): local test funds only. */
export const DEV_KEYS = {
  /** Account #0: deployer, oracle and coordinator. */
  coordinator: devKey(0),
  /** Account #1: owns the local far-nodes. */
  nodeOwner: devKey(1),
  /** Account #2: a user to try things with. */
  user: devKey(2),
  /** Account #13: the price keeper (PRICE_KEEPER_ROLE on the FAR/USD feed). */
  priceKeeper: devKey(LOCAL_ROLE_ACCOUNTS.priceKeeper),
};

export type LocalNetworkOptions = {
  /** Where PGlite data, logs, the demo model and deployments live. */
  dataDir?: string;
  ports?: { chain?: number; api?: number; web?: number };
  /** Start the web app (browser tests and people want it; API tests don't). */
  web?: boolean;
  /**
   * How many far-nodes serve the demo model, each with its own id (`local-1`, `local-2`, …) and
   * state folder. Default 2: proof of serving needs a second node (a canary's answer is the one two
   * nodes agree on; an audit re-runs a task on another node). 0 starts none.
   */
  nodes?: number;
  /**
   * Caps each far-node's stream at this many tokens per second (`--max-tokens-per-second`). The
   * demo model answers in milliseconds; a cap makes an answer last long enough to watch, or to
   * kill its node mid-answer. Default: uncapped.
   */
  nodeTokensPerSecond?: number;
  /** Where a line of progress goes. */
  log?: (line: string) => void;
  /** Extra environment for the API (e.g. DATABASE_URL, REDIS_URL). */
  apiEnv?: Record<string, string>;
};

/** `group`: the child leads a process group of its own, and signals go to the whole group. */
type Service = { name: string; child: ChildProcess; group?: boolean };

/** A far-node that `startLocalNetwork` started; kill `child` (or `pid`) to take it down. */
export type LocalFarNode = {
  /** The id it joined with: `local-1`, `local-2`, … */
  nodeId: string;
  /** The far-node process itself (not a wrapper), so a signal reaches the agent. */
  child: ChildProcess;
  pid: number;
  logFile: string;
};

function run(
  name: string,
  command: string,
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    logFile: string;
    echo?: (line: string) => void;
    /** Start a process group, for a command whose real work runs in grandchildren (npm → next). */
    group?: boolean;
  },
) {
  const child = spawn(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.group ?? false,
  });
  const file = createWriteStream(options.logFile, { flags: 'a' });
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      file.write(chunk);
      if (options.echo)
        for (const line of chunk.toString().split('\n')) if (line.trim()) options.echo(`[${name}] ${line}`);
    });
  }
  child.on('exit', () => file.end());
  return child;
}

/** Runs a command to completion, failing with its log path when it fails. */
async function runToEnd(
  name: string,
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; logFile: string },
) {
  const child = run(name, command, args, options);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`${name} failed (exit ${code}); see ${options.logFile}`);
}

async function waitFor(what: string, probe: () => Promise<boolean>, child: ChildProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${what} exited with code ${child.exitCode} before it was ready`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000}s`);
}

const rpcAnswers = (url: string) => async () =>
  (
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}',
    })
  ).ok;
const httpOk = (url: string) => async () => (await fetch(url)).ok;

const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);
// Runs the CLI in its own process (tsx's CLI would add a parent that a SIGKILL leaves the node behind).
const farNodeBin = join(repoRoot, 'apps/node/bin/far-node.js');

/**
 * Brings up the whole platform on this machine: a local chain (anvil, its state kept across
 * restarts in `<dataDir>/chain/state.json`) with the contracts deployed
 * and dev accounts funded, the API (PGlite unless DATABASE_URL is given), the web app, and
 * far-nodes (two unless `nodes` says otherwise) serving the self-built demo model, then each
 * service's demo data (with greedy traffic that the auditor checks on the local nodes).
 *
 * @returns the URLs, the far-nodes (to kill one and watch its task resume on another) and
 * `stop()`, which stops every process, newest first.
 * @example
 * const network = await startLocalNetwork({ nodes: 2, web: false });
 * network.nodes[0]?.child.kill('SIGKILL');
 * await network.stop();
 */
export async function startLocalNetwork(options: LocalNetworkOptions = {}) {
  const dataDir = options.dataDir ?? join(repoRoot, '.far');
  const ports = { chain: 8545, api: 4000, web: 3000, ...options.ports };
  const layout: NetworkLayout = {
    dataDir,
    logs: join(dataDir, 'logs'),
    ports,
    urls: {
      chain: `http://127.0.0.1:${ports.chain}`,
      api: `http://127.0.0.1:${ports.api}`,
      web: `http://localhost:${ports.web}`,
    },
    modelPath: join(dataDir, 'models', 'far-demo.gguf'),
    deploymentsFile: join(dataDir, 'deployments', '31337.json'),
    log: options.log ?? ((line: string) => console.log(line)),
  };
  mkdirSync(layout.logs, { recursive: true });
  const services: Service[] = [];
  const nodes: LocalFarNode[] = [];
  const nodeCount = options.nodes ?? 2;
  if (!Number.isInteger(nodeCount) || nodeCount < 0)
    throw new Error(`nodes must be 0 or more, got ${nodeCount}`);
  const stop = () => stopServices(services);

  try {
    layout.log('• building the demo model (once) …');
    await runToEnd('model', bin('tsx'), ['apps/node/src/demoModel/cli.ts', '--out', layout.modelPath], {
      logFile: join(layout.logs, 'model.log'),
    });
    await startChainWithContracts(layout, services);
    await startApi(layout, services, options.apiEnv);
    await bondLocalNodes({
      chainUrl: layout.urls.chain,
      deploymentsFile: layout.deploymentsFile,
      nodeIds: Array.from({ length: nodeCount }, (_, index) => `local-${index + 1}`),
      log: layout.log,
    });
    nodes.push(...startFarNodes(layout, services, nodeCount, options.nodeTokensPerSecond));
    await seedDemoData({
      urls: layout.urls,
      deploymentsFile: layout.deploymentsFile,
      dataDir,
      nodeIds: nodes.map((node) => node.nodeId),
      log: layout.log,
    });
    if (options.web !== false) await startWeb(layout, services);
  } catch (error) {
    await stop();
    throw error;
  }

  const { urls, modelPath, deploymentsFile } = layout;
  return { urls, dataDir, deploymentsFile, modelPath, nodes, stop };
}

/** Where the local network lives and listens, shared by the steps that start it. */
type NetworkLayout = {
  dataDir: string;
  logs: string;
  ports: { chain: number; api: number; web: number };
  urls: { chain: string; api: string; web: string };
  modelPath: string;
  deploymentsFile: string;
  log: (line: string) => void;
};

/** Stops every service, newest first: SIGTERM, then SIGKILL after 10 s. */
async function stopServices(services: Service[]): Promise<void> {
  for (const service of [...services].reverse()) {
    const signal = (name: NodeJS.Signals) => {
      // npm does not pass SIGTERM on to `next start`'s server, which would outlive us holding
      // our pipes open; the group reaches every process in it.
      if (!service.group || service.child.pid === undefined) return service.child.kill(name);
      try {
        process.kill(-service.child.pid, name);
      } catch {
        // The whole group is gone already.
      }
    };
    // A process killed by a signal has no exit code, only a signal code.
    if (service.child.exitCode !== null || service.child.signalCode !== null) {
      if (service.group) signal('SIGTERM');
      continue;
    }
    signal('SIGTERM');
    const exited = new Promise((r) => service.child.once('exit', r));
    const timeout = new Promise((r) => setTimeout(r, 10_000).unref());
    if ((await Promise.race([exited.then(() => 'exited'), timeout])) !== 'exited') signal('SIGKILL');
  }
}

/** Starts anvil on its kept state, then deploys the contracts and seeds the dev user. */
async function startChainWithContracts(layout: NetworkLayout, services: Service[]): Promise<void> {
  const { dataDir, logs, urls, deploymentsFile } = layout;
  layout.log('• starting the local chain …');
  const stateFile = chainStateFile(dataDir);
  mkdirSync(join(dataDir, 'chain'), { recursive: true });
  setAsideUnreadableChainState(stateFile, layout.log);
  const chain = run('chain', anvilBinary(), anvilArgs({ port: layout.ports.chain, stateFile }), {
    logFile: join(logs, 'chain.log'),
  });
  services.push({ name: 'chain', child: chain });
  await waitFor('the chain', rpcAnswers(urls.chain), chain, 60_000);
  await keepChainClockMonotonic(urls.chain);
  await runToEnd(
    'deploy',
    bin('tsx'),
    ['packages/contracts/scripts/deployLocal.ts', '--rpc-url', urls.chain, '--out', deploymentsFile],
    {
      logFile: join(logs, 'deploy.log'),
    },
  );

  await runToEnd(
    'seed',
    bin('tsx'),
    ['scripts/seedDevUser.ts', '--rpc-url', urls.chain, '--deployments', deploymentsFile],
    { logFile: join(logs, 'deploy.log') },
  );
}

/**
 * The local network's FAR/USD source for the price keeper: `<dataDir>/price-source.json`
 * (`{"farUsd": "0.10"}` unless someone edited it). No internet: the file is the market.
 */
function ensureLocalPriceSource(dataDir: string): string {
  const file = join(dataDir, 'price-source.json');
  if (!existsSync(file))
    writeFileSync(file, `${JSON.stringify({ farUsd: process.env.FAR_PRICE_USD ?? '0.10' })}\n`);
  return file;
}

/** Starts the API against the local chain and waits for its health check. */
async function startApi(
  layout: NetworkLayout,
  services: Service[],
  apiEnv: LocalNetworkOptions['apiEnv'],
): Promise<void> {
  const { urls } = layout;
  layout.log('• starting the API …');
  const api = run('api', bin('tsx'), ['apps/api/src/main.ts'], {
    env: {
      PORT: String(layout.ports.api),
      DATA_DIR: join(layout.dataDir, 'data'),
      CHAIN_RPC_URL: urls.chain,
      DEPLOYMENTS_FILE: layout.deploymentsFile,
      WEB_ORIGIN: urls.web,
      COORDINATOR_PRIVATE_KEY: DEV_KEYS.coordinator,
      // The price keeper keeps the local FAR/USD feed from a local file (edit it to move the price).
      PRICE_KEEPER_PRIVATE_KEY: DEV_KEYS.priceKeeper,
      PRICE_SOURCE_FILE: ensureLocalPriceSource(layout.dataDir),
      // The operator console's database roles for dev accounts #10–#13 (README, "Operator console").
      SEED_LOCAL_OPERATOR_ROLES: 'true',
      ...apiEnv,
    },
    logFile: join(layout.logs, 'api.log'),
  });
  services.push({ name: 'api', child: api });
  await waitFor('the API', httpOk(`${urls.api}/health`), api, 120_000);
}

/** Starts `count` far-nodes serving the demo model with llama.cpp; they join on their own. */
function startFarNodes(
  layout: NetworkLayout,
  services: Service[],
  count: number,
  tokensPerSecond: number | undefined,
): LocalFarNode[] {
  if (count > 0) layout.log(`• starting ${count} far-node${count > 1 ? 's' : ''} with the demo model …`);
  const nodes: LocalFarNode[] = [];
  for (let index = 1; index <= count; index++) {
    const nodeId = `local-${index}`;
    const logFile = join(layout.logs, `node-${nodeId}.log`);
    const child = run(
      nodeId,
      process.execPath,
      [
        farNodeBin,
        '--coordinator',
        layout.urls.api,
        '--wallet-key',
        DEV_KEYS.nodeOwner,
        '--engine',
        'llama',
        '--model',
        layout.modelPath,
        '--model-id',
        'far-demo',
        '--node-id',
        nodeId,
        '--state-dir',
        join(layout.dataDir, 'nodes', nodeId),
        ...(tokensPerSecond ? ['--max-tokens-per-second', String(tokensPerSecond)] : []),
        // far-demo serves POST /v1/embeddings too, so FarTwin's hybrid retrieval works out of the box.
        '--embeddings',
      ],
      { logFile },
    );
    services.push({ name: nodeId, child });
    if (child.pid === undefined) throw new Error(`far-node ${nodeId} did not start; see ${logFile}`);
    nodes.push({ nodeId, child, pid: child.pid, logFile });
  }
  return nodes;
}

/** Builds the web app if a change made its build stale, starts it and waits for its home page. */
async function startWeb(layout: NetworkLayout, services: Service[]): Promise<void> {
  const { logs, urls } = layout;
  const webDir = join(repoRoot, 'apps/web');
  if (webBuildIsStale(webDir)) {
    layout.log('• building the web app (after a change to it; a minute or two) …');
    await runToEnd('web-build', 'npm', ['run', '-w', '@far/web', 'build'], {
      logFile: join(logs, 'web.log'),
    });
  }
  layout.log('• starting the web app …');
  const web = run('web', 'npm', ['run', '-w', '@far/web', 'start'], {
    env: { WEB_PORT: String(layout.ports.web), API_URL: urls.api, NEXT_PUBLIC_API_URL: urls.api },
    logFile: join(logs, 'web.log'),
    group: true,
  });
  services.push({ name: 'web', child: web, group: true });
  await waitFor('the web app', httpOk(urls.web), web, 120_000);
}
