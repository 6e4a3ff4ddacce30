/**
 * Polls `probe` until it yields a value (anything but `undefined` or `false`), for what a browser
 * test waits on outside the page: the chain mirror catching up, a node coming online, a balance
 * moving. A probe that throws counts as not yet.
 *
 * @param probe - reads the state; `undefined` or `false` means keep waiting.
 * @param what - what is awaited, for the error when it never comes.
 * @param timeoutMs - how long to wait before giving up (default two minutes: the whole network runs on a loaded host).
 * @returns the first value the probe yielded.
 * @example
 * const balance = await until(async () => (await readBalance()) > 0n && (await readBalance()), 'the deposit to land');
 */
export async function until<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
