export type BackoffOptions = {
  /** Delay cap for the first retry, in ms (default 500). */
  baseMs?: number;
  /** Largest delay, in ms (default 30 s). */
  maxMs?: number;
  /** Uniform random source in [0, 1); injectable for tests. */
  random?: () => number;
};

/**
 * Exponential backoff with "full jitter": a uniform delay in [0, min(max, base·2^attempt)). The
 * jitter spreads reconnects out, so a coordinator restart is not answered by every node at once.
 *
 * @param attempt - 0 for the first retry.
 * @param options - base, cap, and random source.
 * @returns the delay in whole milliseconds.
 * @example
 * computeBackoffDelay(3, { baseMs: 500, maxMs: 30_000 }) // somewhere in [0, 4000)
 */
export function computeBackoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const random = options.random ?? Math.random;
  const ceiling = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.floor(random() * ceiling);
}
