import { percentile } from '../reliability/percentile.js';
import { type BenchPath, requestOn } from './measurePaths.js';
import { readTotalCpuMs } from './readCpuMs.js';

/** Tokens in the relay run's one long stream. */
export const RELAY_TOKENS = 4000;

/**
 * Relay throughput: one {@link RELAY_TOKENS}-token stream at a time through each path, `rounds`
 * times in turn; each round's tokens per second through a path is divided by the direct engine's
 * in the same round, and the median ratio is taken. A stream that fails counts as 0 tokens a second.
 *
 * @param direct - the engine; `vias` the paths compared with it.
 * @returns per path name, the median ratio and the median tokens per second; the engine's under `direct.name`.
 * @example
 * const relay = await measureRelay(direct, [proxy, far], 5);
 */
export async function measureRelay(
  direct: BenchPath,
  vias: BenchPath[],
  rounds: number,
): Promise<Map<string, { ratio: number; tokensPerSecond: number }>> {
  const ratios = new Map<string, number[]>(vias.map((v) => [v.name, []]));
  const speeds = new Map<string, number[]>([direct, ...vias].map((v) => [v.name, []]));
  // A stream that fails or times out counts as 0 tokens per second: it relayed nothing whole.
  const tps = async (path: BenchPath) => {
    const cpuBefore = path.pids.map((pid) => readTotalCpuMs([pid]));
    const t = await requestOn(path, RELAY_TOKENS)(0).catch(() => undefined);
    // BENCH_RELAY_TRACE=1: each stream's timings and its servers' CPU, to see where a relay waits.
    if (process.env.BENCH_RELAY_TRACE && t)
      console.log(
        `  ${path.name.padEnd(6)} first token ${t.ttftMs.toFixed(1)} ms, last ${t.lastTokenMs.toFixed(1)} ms, end ${t.totalMs.toFixed(1)} ms, CPU ${path.pids.map((pid, i) => readTotalCpuMs([pid]) - (cpuBefore[i] ?? 0)).join(' + ')} ms`,
      );
    const value = t ? t.tokens / (t.totalMs / 1000) : 0;
    speeds.get(path.name)?.push(value);
    return value;
  };
  for (let round = 0; round < rounds; round++) {
    const base = await tps(direct);
    for (const via of vias) ratios.get(via.name)?.push((await tps(via)) / base);
  }
  return new Map(
    [direct, ...vias].map((p) => [
      p.name,
      {
        ratio: p === direct ? 1 : percentile(ratios.get(p.name) ?? [], 50),
        tokensPerSecond: percentile(speeds.get(p.name) ?? [], 50),
      },
    ]),
  );
}
