import { RequestFailure, type Timing } from './timeRequest.js';

/** What an open-loop run produced. */
export type RateRun = {
  rate: number;
  ok: Timing[];
  errors: RequestFailure[];
  /** From the first request sent to the last one answered. */
  elapsedMs: number;
};

/**
 * Fires `run(i)` at a fixed rate for `seconds` (open loop: a slow answer never delays the next
 * request), then waits for every request to end.
 *
 * @param run - sends request `i` (e.g. with the `i`-th API key in turn).
 * @param rate - requests per second.
 * @param seconds - how long requests are sent.
 * @returns the timings of the requests that succeeded and the failures.
 * @example
 * const direct = await runAtFixedRate(() => timeRequest(engine.url, undefined, 16), 50, 20);
 */
export async function runAtFixedRate(
  run: (i: number) => Promise<Timing>,
  rate: number,
  seconds: number,
): Promise<RateRun> {
  const total = Math.max(1, Math.round(rate * seconds));
  const pending: Promise<Timing | RequestFailure>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      run(i).catch((e: unknown) =>
        e instanceof RequestFailure ? e : new RequestFailure(0, e instanceof Error ? e.message : String(e)),
      ),
    );
  }
  const results = await Promise.all(pending);
  return {
    rate,
    ok: results.filter((r): r is Timing => !(r instanceof RequestFailure)),
    errors: results.filter((r): r is RequestFailure => r instanceof RequestFailure),
    elapsedMs: performance.now() - start,
  };
}
