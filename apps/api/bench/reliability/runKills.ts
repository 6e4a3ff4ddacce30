import { loadavg } from 'node:os';
import { chooseKillVictim } from './chooseKillVictim.js';
import type { CountingUpstream, UpstreamStream } from './startCountingUpstream.js';
import type { FarNodePool, NodeSlot, TestNetwork } from './startFarNodePool.js';
import { type KillStream, startKillStreams } from './startKillStreams.js';
import type { StreamCompletion } from './streamCompletion.js';

/** Tokens per stream of the kill part. */
export const KILL_TOKENS = 40;
const CONCURRENT = 8;
// The gateway tries up to 5 nodes per task (maxAttempts): a stream is killed at most 3 times,
// so that one more attempt lost unseen (a node killed while the task was on its way to it)
// still leaves one, and a failure is a bug, not the policy.
const MAX_KILLS_PER_STREAM = 3;
const MIN_ONLINE = 3;

/** One SIGKILL sent: which node, when. */
export type Kill = { label: string; at: number };

/** What the kill part did, for the summary. */
export type KillRun = {
  kills: Kill[];
  streams: Map<number, KillStream>;
  /** Time the kill loop spent waiting, by what it waited for: what limits the kill rate. */
  waited: Map<string, number>;
  startedAt: number;
};

type KillBench = {
  net: TestNetwork;
  upstream: CountingUpstream;
  pool: FarNodePool;
  request: StreamCompletion;
};

/**
 * Part 1: streams run continuously while far-nodes serving a stream mid-way are SIGKILLed one at
 * a time (as the coordinator sees it) and replaced, keeping at least three nodes online.
 *
 * @param bench - the network, the counting upstream, the far-node pool and a request starter.
 * @param options.kills - kills to send at most.
 * @param options.budgetMs - time to spend killing at most.
 * @returns the kills sent and the streams run.
 * @example
 * const run = await runKills({ net, upstream, pool, request }, { kills: 200, budgetMs: 360_000 });
 */
export async function runKills(
  bench: KillBench,
  options: { kills: number; budgetMs: number },
): Promise<KillRun> {
  const { net, upstream, pool } = bench;
  const running = startKillStreams(bench.request, { concurrent: CONCURRENT, tokens: KILL_TOKENS });
  const run: KillRun = {
    kills: [],
    streams: running.streams,
    waited: new Map(),
    startedAt: performance.now(),
  };
  /** Kills per stream as seen when choosing victims (the final count comes from the upstream). */
  const killsSeen = new Map<number, number>();
  const restarts: Promise<void>[] = [];
  while (run.kills.length < options.kills && performance.now() - run.startedAt < options.budgetMs) {
    if (running.refusals.inARow >= 50) {
      await running.stop();
      throw new Error(`the API refused 50 streams in a row; the first: ${running.refusals.first}`);
    }
    const victim = chooseKillVictim({
      net,
      pool,
      upstream,
      killsSeen,
      maxKillsPerStream: MAX_KILLS_PER_STREAM,
    });
    const waitFor = whatToWaitFor(bench, run.kills, victim !== undefined);
    if (waitFor || !victim) {
      const since = performance.now();
      await new Promise((r) => setTimeout(r, 10));
      const what = waitFor ?? 'a node with streams mid-way';
      run.waited.set(what, (run.waited.get(what) ?? 0) + performance.now() - since);
      continue;
    }
    const [slot, list] = victim;
    const at = killNode(pool, slot, run.kills);
    for (const s of list) killsSeen.set(s.requestId ?? -1, (killsSeen.get(s.requestId ?? -1) ?? 0) + 1);
    restarts.push(replaceAfterResume(pool, slot, list, run.streams, at));
    if (run.kills.length % 20 === 0)
      console.log(
        `  ${run.kills.length} kills, ${run.streams.size} streams in ${((performance.now() - run.startedAt) / 1000).toFixed(0)} s (load average ${loadavg()[0]?.toFixed(1)})`,
      );
  }
  await running.stop();
  await Promise.all(restarts);
  for (let i = 0; i < 500 && pool.counts.killedBySigkill < run.kills.length; i++)
    await new Promise((r) => setTimeout(r, 10));
  return run;
}

/**
 * Why the next kill must wait, or undefined when it may go. One kill at a time as the coordinator
 * sees it: until it has dropped the last killed node, it may still hand a task to that node,
 * spending one of the task's attempts unseen.
 */
function whatToWaitFor({ net, pool }: KillBench, kills: Kill[], haveVictim: boolean): string | undefined {
  const lastKill = kills.at(-1);
  const noticed = !lastKill || !net.api.gateway.registry.get(`rel-${lastKill.label}`);
  return !noticed
    ? 'coordinator to drop the last node killed'
    : pool.online() < MIN_ONLINE
      ? `${MIN_ONLINE} nodes online`
      : !haveVictim
        ? 'a node with streams mid-way'
        : undefined;
}

/** SIGKILLs the far-node in `slot` and records it; returns when it was sent. */
function killNode(pool: FarNodePool, slot: NodeSlot, kills: Kill[]): number {
  const at = performance.now();
  pool.killed.add(slot.label);
  process.kill(slot.pid as number, 'SIGKILL');
  kills.push({ label: slot.label, at });
  slot.pid = undefined;
  return at;
}

/**
 * Starts the replacement once the interrupted streams have resumed, so its start-up (CPU) is not
 * part of the resume gap being measured. The next kill does not wait for it.
 */
async function replaceAfterResume(
  pool: FarNodePool,
  slot: NodeSlot,
  list: UpstreamStream[],
  streams: Map<number, KillStream>,
  at: number,
): Promise<void> {
  const hit = list.map((s) => streams.get(s.requestId ?? -1));
  const resumed = () => hit.every((k) => !k || k.done || k.times.some((t) => t > at));
  for (let i = 0; i < 200 && !resumed(); i++) await new Promise((r) => setTimeout(r, 25));
  pool.launch(slot);
}
