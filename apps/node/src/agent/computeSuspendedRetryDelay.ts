/** The waits a suspended node uses unless told otherwise (far-node's `--suspended-retry[-max]`). */
export const DEFAULT_SUSPENDED_RETRY = { firstMs: 30_000, maxMs: 5 * 60_000 } as const;

export type SuspendedRetryOptions = {
  /** The first wait after a suspension, in ms (default 30 s). */
  firstMs?: number;
  /** The longest wait, in ms (default 5 min). */
  maxMs?: number;
};

/**
 * How long a suspended node waits before it tries to join again: `firstMs`, doubling per refused
 * try, capped at `maxMs` (30 s, 1 min, 2 min, 4 min, 5 min, 5 min, …). No jitter: suspensions are
 * per node, not a coordinator restart every node answers at once, and the operator reading the
 * node's log sees a predictable "retrying in …".
 *
 * @param attempt - 0 for the first wait after the suspension.
 * @param options - the first and the longest wait.
 * @returns the delay in whole milliseconds.
 * @example
 * computeSuspendedRetryDelay(2) // 120000
 */
export function computeSuspendedRetryDelay(attempt: number, options: SuspendedRetryOptions = {}): number {
  const first = options.firstMs ?? DEFAULT_SUSPENDED_RETRY.firstMs;
  const max = options.maxMs ?? DEFAULT_SUSPENDED_RETRY.maxMs;
  return Math.floor(Math.min(max, first * 2 ** Math.min(Math.max(0, attempt), 30)));
}
