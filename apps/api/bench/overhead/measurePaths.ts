import { percentile } from '../reliability/percentile.js';
import { readCpuMsOfCommands, readTotalCpuMs } from './readCpuMs.js';
import { type RateRun, runAtFixedRate } from './runAtFixedRate.js';
import { timeRequest } from './timeRequest.js';

/**
 * A way to the engine: its OpenAI base URL, the keys it needs (none: no key), its processes, and
 * the command names of the database servers it uses, if any (their CPU is reported apart).
 */
export type BenchPath = { name: string; url: string; keys: string[]; pids: number[]; servers?: string[] };

/**
 * One path's run at a rate, with the CPU its processes used per request and, for a path with
 * servers, theirs (both idle subtracted; NaN when the path has none).
 */
export type PathRun = RateRun & {
  cpuMsPerRequest: number;
  /** The same per process, in the order of the path's `pids`. */
  cpuMsPerRequestOf: number[];
  serverCpuMsPerRequest: number;
};

/** Tokens per answer in the latency runs. */
export const TOKENS = 16;

/**
 * Sends `timeRequest` on `path`, request `i` with the path's `i`-th key in turn.
 *
 * @param path - the path; `maxTokens` how many tokens to ask for.
 * @returns a function of the request's index.
 */
export function requestOn(path: BenchPath, maxTokens: number) {
  return (i: number) => timeRequest(path.url, path.keys[i % path.keys.length], maxTokens);
}

/**
 * Runs each path in turn at `rate` for `seconds` and reads its processes' CPU time from /proc
 * around the run; the CPU the same processes use idle (measured first, over `idleSeconds`) is
 * subtracted at the same duration. CPU is divided by every request sent (a request that timed out
 * at the client still cost the servers work).
 *
 * Each path is first run at the same rate for `warmUpSeconds`, unmeasured, right before its
 * measured run: a server is measured as it runs under steady load, not while V8 still compiles it.
 * (The API was still optimizing per-request functions after 1,000 requests, ~40 TurboFan compiles
 * a second, and after ~45 s without requests it compiled them again as load came back.)
 *
 * @param paths - e.g. direct, proxy, Far.
 * @returns one run per path, in order.
 * @example
 * const [direct, proxy, far] = await measurePaths([direct, proxy, far], { rate: 50, seconds: 20, idleSeconds: 5, warmUpSeconds: 60 });
 */
export async function measurePaths(
  paths: BenchPath[],
  timing: { rate: number; seconds: number; idleSeconds: number; warmUpSeconds: number },
): Promise<PathRun[]> {
  const { rate, seconds, idleSeconds, warmUpSeconds } = timing;
  const allPids = paths.flatMap((p) => p.pids);
  const idleBefore = new Map(allPids.map((pid) => [pid, readTotalCpuMs([pid])]));
  const serversBefore = new Map(paths.map((p) => [p.name, readCpuMsOfCommands(p.servers ?? [])]));
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const idlePerPid = new Map(
    allPids.map((pid) => [pid, (readTotalCpuMs([pid]) - (idleBefore.get(pid) ?? 0)) / idleSeconds]),
  );
  const serversIdle = new Map(
    paths.map((p) => [
      p.name,
      (readCpuMsOfCommands(p.servers ?? []) - (serversBefore.get(p.name) ?? 0)) / idleSeconds,
    ]),
  );
  const runs: PathRun[] = [];
  for (const path of paths) {
    if (warmUpSeconds > 0) await runAtFixedRate(requestOn(path, TOKENS), rate, warmUpSeconds);
    const before = path.pids.map((pid) => readTotalCpuMs([pid]));
    const serverBefore = readCpuMsOfCommands(path.servers ?? []);
    const run = await runAtFixedRate(requestOn(path, TOKENS), rate, seconds);
    const idleOf = (pid: number) => ((idlePerPid.get(pid) ?? 0) * run.elapsedMs) / 1000;
    const usedOf = path.pids.map((pid, i) => readTotalCpuMs([pid]) - (before[i] ?? 0) - idleOf(pid));
    const used = usedOf.reduce((sum, ms) => sum + ms, 0);
    const serverUsed =
      readCpuMsOfCommands(path.servers ?? []) -
      serverBefore -
      ((serversIdle.get(path.name) ?? 0) * run.elapsedMs) / 1000;
    const requests = Math.max(1, run.ok.length + run.errors.length);
    runs.push({
      ...run,
      cpuMsPerRequest: path.pids.length ? used / requests : Number.NaN,
      cpuMsPerRequestOf: usedOf.map((ms) => ms / requests),
      serverCpuMsPerRequest: path.servers?.length ? serverUsed / requests : Number.NaN,
    });
  }
  return runs;
}

/**
 * What `via` adds to `direct`'s time to first token, at the `p`-th percentile of each.
 *
 * @returns milliseconds (NaN when either run has no successful request).
 */
export function ttftOverhead(via: RateRun, direct: RateRun, p: number): number {
  return (
    percentile(
      via.ok.map((t) => t.ttftMs),
      p,
    ) -
    percentile(
      direct.ok.map((t) => t.ttftMs),
      p,
    )
  );
}

/**
 * One line of the latency table: requests, errors, achieved rate, TTFT and total p50 / p99.
 *
 * @param name - the path's name; `run` its run.
 */
export function formatRun(name: string, run: RateRun): string {
  const ms = (values: number[], p: number) => percentile(values, p).toFixed(2).padStart(9);
  const ttft = run.ok.map((t) => t.ttftMs);
  const total = run.ok.map((t) => t.totalMs);
  const achieved = (run.ok.length + run.errors.length) / (run.elapsedMs / 1000);
  return (
    `${name.padEnd(10)} ${String(run.ok.length).padStart(6)} ${String(run.errors.length).padStart(6)} ${achieved.toFixed(0).padStart(6)}` +
    `${ms(ttft, 50)}${ms(ttft, 99)}${ms(total, 50)}${ms(total, 99)}`
  );
}
