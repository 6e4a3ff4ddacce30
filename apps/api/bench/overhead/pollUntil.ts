/**
 * Polls `done` every 200 ms until it holds (a `done` that throws counts as not yet). The tests'
 * `waitUntil` needs vitest's runner; a benchmark runs without it.
 *
 * @param what - names the wait in the timeout's message.
 * @param done - the condition.
 * @param options.timeoutMs - default 60 s; `context` is appended to the timeout's message;
 *   `gaveUp` stops the wait early (a process it waits for has exited).
 * @throws Error `<what>: not within <timeout> ms`, followed by `context()`.
 * @example
 * await pollUntil('the node serves', async () => (await availableNodes()) > 0, { context: () => api.output() });
 */
export async function pollUntil(
  what: string,
  done: () => Promise<boolean> | boolean,
  options: { timeoutMs?: number; context?: () => string; gaveUp?: () => boolean } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline && !options.gaveUp?.()) {
    if (
      await Promise.resolve()
        .then(done)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${what}: ${options.gaveUp?.() ? 'gave up' : 'not'} within ${options.timeoutMs ?? 60_000} ms${options.context ? `\n${options.context()}` : ''}`,
  );
}
