import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { startTestNetwork } from '../../test/support/startTestNetwork.js';
import type { FarNodeLauncher } from '../startFarNodeLauncher.js';
import type { CountingUpstream } from './startCountingUpstream.js';

/** The network the reliability bench runs against. */
export type TestNetwork = Awaited<ReturnType<typeof startTestNetwork>>;

/** A place in the pool: the far-node now filling it, and its pid once known (undefined once killed). */
export type NodeSlot = { label: string; pid: number | undefined };

/** The far-nodes of the bench, and what happened to them. */
export type FarNodePool = {
  slots: NodeSlot[];
  /** Starts a fresh far-node in `slot` (a new label), replacing a killed one. */
  launch(slot: NodeSlot): void;
  /** Nodes the coordinator lists online for the bench's model. */
  online(): number;
  /** Labels this bench SIGKILLed on purpose. */
  killed: Set<string>;
  /** Far-nodes that ended other than by this benchmark's SIGKILL, and their output. */
  unexpectedExits: string[];
  /** Per start: from the launch to the coordinator listing the node online (ms). */
  joinTimes: number[];
  /** Far-node starts so far, and exits by this benchmark's SIGKILL. */
  counts: { generation: number; killedBySigkill: number };
};

/**
 * Starts `size` far-nodes (openai engine, in front of the counting upstream) through the launcher
 * and waits until the coordinator lists them all online.
 *
 * @param options.launcher - forks the far-nodes (see startFarNodeLauncher).
 * @param options.net - the test network whose API the nodes join.
 * @param options.upstream - the counting model the nodes serve.
 * @param options.ownerKey - the wallet key the nodes register with.
 * @param options.size - how many far-nodes.
 * @returns the pool.
 * @example
 * const pool = await startFarNodePool({ launcher, net, upstream, ownerKey, size: 16 });
 */
export async function startFarNodePool(options: {
  launcher: FarNodeLauncher;
  net: TestNetwork;
  upstream: CountingUpstream;
  ownerKey: string;
  size: number;
}): Promise<FarNodePool> {
  const { launcher, net, upstream, ownerKey } = options;
  const pool: FarNodePool = {
    slots: [],
    killed: new Set(),
    unexpectedExits: [],
    joinTimes: [],
    counts: { generation: 0, killedBySigkill: 0 },
    online: () =>
      [...net.api.gateway.registry.nodesServing('far-demo')].filter((n) => n.status === 'online').length,
    launch: (slot) => {
      pool.counts.generation += 1;
      const label = `n${pool.counts.generation}`;
      slot.label = label;
      slot.pid = undefined;
      const launchedAt = performance.now();
      const node = launcher.start(label, farNodeArgs(net, ownerKey, upstream.url(label), label));
      void node.pid.then((pid) => {
        if (slot.label === label) slot.pid = pid;
      });
      void timeJoin(net, label, launchedAt, pool.joinTimes);
      void node.exited.then(({ exit, signal, output }) => {
        if (signal === 'SIGKILL' && pool.killed.has(label)) pool.counts.killedBySigkill++;
        else pool.unexpectedExits.push(`${label}: exit ${exit} ${signal ?? ''}\n${output.slice(-1000)}`);
      });
    },
  };
  for (let i = 0; i < options.size; i++) {
    const slot: NodeSlot = { label: '', pid: undefined };
    pool.slots.push(slot);
    pool.launch(slot);
  }
  await net.waitForNodes('far-demo', options.size, 120_000);
  return pool;
}

/** The far-node command line for one pool member. */
function farNodeArgs(net: TestNetwork, ownerKey: string, upstreamUrl: string, label: string): string[] {
  return [
    '--coordinator',
    net.api.url,
    '--wallet-key',
    ownerKey,
    '--engine',
    'openai',
    '--upstream',
    upstreamUrl,
    '--model',
    'far-demo',
    '--state-dir',
    mkdtempSync(join(net.dir, 'node-')),
    '--max-concurrency',
    '64',
    '--node-id',
    `rel-${label}`,
    '--quiet',
  ];
}

/** How long a start takes, from the launch to the coordinator listing the node online. */
async function timeJoin(
  net: TestNetwork,
  label: string,
  launchedAt: number,
  joinTimes: number[],
): Promise<void> {
  while (performance.now() - launchedAt < 60_000) {
    if (net.api.gateway.registry.get(`rel-${label}`)?.status === 'online') {
      joinTimes.push(performance.now() - launchedAt);
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
