import { type BenchPath, requestOn, TOKENS, ttftOverhead } from './measurePaths.js';
import { runAtFixedRate } from './runAtFixedRate.js';

/** The TTFT overhead at p99 a sustained rate may have. */
export const CAPACITY_P99_LIMIT_MS = 25;

/** The rates tried, in order, until one fails (`BENCH_CAPACITY_RATES` replaces them). */
const DEFAULT_RATES = [25, 50, 100, 150, 200, 250, 300, 400, 500];

/** One step of the search. */
export type CapacityStep = {
  rate: number;
  p99OverheadMs: number;
  errors: number;
  /** Errors that were a 4xx answer (the harness, not Far, at fault). */
  refused: number;
  passed: boolean;
  firstError?: string;
};

/**
 * The step search for capacity: at each rate, the direct engine and then Far run for
 * `stepSeconds` each; a rate passes when Far answered every request and its p99 TTFT overhead
 * (Far's p99 minus direct's) is at most {@link CAPACITY_P99_LIMIT_MS}. The search stops at the
 * first rate that fails.
 *
 * @param far - Far's path; `direct` the engine's.
 * @param stepSeconds - how long each rate is held (the issue's definition: 30 s).
 * @param log - gets a line per step.
 * @returns the highest rate that passed (0 if none) and every step.
 * @example
 * const { capacity } = await findCapacity(far, direct, 30, console.log);
 */
export async function findCapacity(
  far: BenchPath,
  direct: BenchPath,
  stepSeconds: number,
  log: (line: string) => void,
): Promise<{ capacity: number; steps: CapacityStep[] }> {
  const rates = process.env.BENCH_CAPACITY_RATES
    ? process.env.BENCH_CAPACITY_RATES.split(',').map(Number)
    : DEFAULT_RATES;
  const steps: CapacityStep[] = [];
  let capacity = 0;
  for (const rate of rates) {
    const directRun = await runAtFixedRate(requestOn(direct, TOKENS), rate, stepSeconds);
    const farRun = await runAtFixedRate(requestOn(far, TOKENS), rate, stepSeconds);
    const p99OverheadMs = ttftOverhead(farRun, directRun, 99);
    const passed = farRun.errors.length === 0 && p99OverheadMs <= CAPACITY_P99_LIMIT_MS;
    const refused = farRun.errors.filter((e) => e.status >= 400 && e.status < 500).length;
    const step: CapacityStep = { rate, p99OverheadMs, errors: farRun.errors.length, refused, passed };
    if (farRun.errors[0]) step.firstError = farRun.errors[0].message.slice(0, 160);
    steps.push(step);
    log(
      `  ${String(rate).padStart(4)} req/s for ${stepSeconds} s: p99 TTFT overhead ${p99OverheadMs.toFixed(1)} ms, ${step.errors} errors → ${passed ? 'sustained' : 'not sustained'}${step.firstError ? ` (first error: ${step.firstError})` : ''}`,
    );
    if (!passed) break;
    capacity = rate;
    // Let what the step left (settlements, sockets) drain before the next.
    await new Promise((r) => setTimeout(r, 2000));
  }
  return { capacity, steps };
}
