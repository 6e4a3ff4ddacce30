/**
 * Waits `ms` (nothing when ≤ 0), or less when `signal` aborts first.
 *
 * @param ms - how long to wait.
 * @param signal - ends the wait early.
 * @returns a promise that settles when the time is up or the signal aborts.
 * @example
 * await sleepUnlessAborted(startedAt + tokens * intervalMs - performance.now(), req.signal);
 */
export function sleepUnlessAborted(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
