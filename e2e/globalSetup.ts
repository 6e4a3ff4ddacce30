/**
 * Starts what the browser tests drive: the whole local network (chain, contracts, API, two
 * far-nodes, web) via the lead's `startLocalNetwork` on free ports, in a throwaway data folder.
 * When Chromium is missing, nothing starts and the tests skip with a message.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDb } from '@far/db/testing';
import type { TestProject } from 'vitest/node';
import { findFreePort } from '../apps/web/bench/startNextServer';
import { chromiumPath, hasChromium } from './chromiumPath';

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: {
      skipReason: string | null;
      webUrl: string;
      apiUrl: string;
      chainUrl: string;
      walletKey: `0x${string}`;
      /** The far-nodes serving far-demo, so a test can SIGKILL one (`process.kill(pid, 'SIGKILL')`). */
      nodes: { nodeId: string; pid: number }[];
      /** The demo model's GGUF file, so a test can start a far-node of its own. */
      modelPath: string;
      /** The contracts' addresses, so a test can bond a far-node of its own (NodeBond). */
      deploymentsFile: string;
    };
  }
}

type LocalNetwork = {
  urls: { chain: string; api: string; web: string };
  modelPath: string;
  deploymentsFile: string;
  nodes: { nodeId: string; pid: number }[];
  stop: () => Promise<void>;
};
type NetworkModule = {
  startLocalNetwork?: (options: {
    dataDir: string;
    ports: { chain: number; api: number; web: number };
    log: (line: string) => void;
    apiEnv?: Record<string, string>;
    nodes?: number;
    nodeTokensPerSecond?: number;
  }) => Promise<LocalNetwork>;
  DEV_KEYS?: { nodeOwner: `0x${string}` };
};

const blank = {
  webUrl: '',
  apiUrl: '',
  chainUrl: '',
  walletKey: '0x' as const,
  nodes: [],
  modelPath: '',
  deploymentsFile: '',
};
// The demo model answers in milliseconds; at this pace its answer takes seconds, long enough for
// a test to see the first tokens and kill the serving node before the last one.
const nodeTokensPerSecond = 3;

export default async function setup(project: TestProject) {
  if (!hasChromium()) {
    const skipReason = `Chromium not found at ${chromiumPath}: browser tests skipped (apt-get install -y chromium).`;
    console.warn(`[e2e] ${skipReason}`);
    project.provide('e2e', { skipReason, ...blank });
    return;
  }
  const entry = fileURLToPath(new URL('../scripts/localNetwork.ts', import.meta.url));
  const network = existsSync(entry) ? ((await import(entry)) as NetworkModule) : {};
  if (!network.startLocalNetwork || !network.DEV_KEYS) {
    const skipReason = 'scripts/localNetwork.ts has no startLocalNetwork yet: browser tests skipped.';
    console.warn(`[e2e] ${skipReason}`);
    project.provide('e2e', { skipReason, ...blank });
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'far-e2e-'));
  const ports = { chain: await findFreePort(), api: await findFreePort(), web: await findFreePort() };
  const apiEnv: Record<string, string> = {};
  // A database of its own: the shared one keeps the chain indexer's cursor from earlier runs, and
  // each run's fresh chain reuses the same contract addresses, so that cursor would skip its blocks.
  const database = process.env.DATABASE_URL ? await createTestDb({ migrate: false }) : undefined;
  if (database?.url) apiEnv.DATABASE_URL = database.url;
  if (process.env.REDIS_URL) {
    apiEnv.REDIS_URL = process.env.REDIS_URL;
    // Replicas with the same name on one Redis share their nodes: this run's API must not hand
    // its tasks to (or take tasks for) another process's local-1 and local-2.
    apiEnv.CLUSTER_NAME = `e2e-${randomBytes(6).toString('hex')}`;
  }
  let started: LocalNetwork;
  try {
    started = await network.startLocalNetwork({
      dataDir,
      ports,
      apiEnv,
      nodes: 2,
      nodeTokensPerSecond,
      log: (line) => {
        if (process.env.E2E_VERBOSE) console.log(`[e2e] ${line}`);
      },
    });
  } catch (error) {
    // The logs say why; keep them only when asked to.
    if (!process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    await database?.close();
    throw error;
  }
  project.provide('e2e', {
    skipReason: null,
    webUrl: started.urls.web,
    apiUrl: started.urls.api,
    chainUrl: started.urls.chain,
    // Account #1 owns the local far-nodes, so the GPU page has nodes to list.
    walletKey: network.DEV_KEYS.nodeOwner,
    nodes: started.nodes.map(({ nodeId, pid }) => ({ nodeId, pid })),
    modelPath: started.modelPath,
    deploymentsFile: started.deploymentsFile,
  });
  return async () => {
    await started.stop();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
