import { vi } from 'vitest';

export type WaitUntilOptions = {
  /** Default 60 s: long enough for a process to start and an indexer to catch up. */
  timeoutMs?: number;
  /** Default 200 ms. */
  intervalMs?: number;
  /** Appended to the timeout's message: what a failed wait needs to be understood (a process's output). */
  context?: () => string;
};

/**
 * Polls `done` (through vitest's `vi.waitFor`) until it holds; a `done` that throws counts as not yet.
 *
 * @param what - names the wait in the timeout's message.
 * @throws Error `<what>: not within <timeout> ms`, followed by `context()`.
 * @example
 * await waitUntil('the far-node serves far-demo', async () => (await availableNodes()) > 0, {
 *   context: () => api.output().slice(-4000),
 * });
 */
export async function waitUntil(
  what: string,
  done: () => Promise<boolean | undefined> | boolean | undefined,
  options: WaitUntilOptions = {},
): Promise<void> {
  const { timeoutMs = 60_000, intervalMs = 200, context } = options;
  try {
    await vi.waitFor(
      async () => {
        if (!(await done())) throw new Error(`${what}: not yet`);
      },
      { timeout: timeoutMs, interval: intervalMs },
    );
  } catch {
    throw new Error(`${what}: not within ${timeoutMs} ms${context ? `\n${context()}` : ''}`);
  }
}
