import { afterEach, describe, expect, it, vi } from 'vitest';
import { sleepUnlessAborted } from './sleepUnlessAborted.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('sleepUnlessAborted', () => {
  it('waits the given time', async () => {
    vi.useFakeTimers();
    let done = false;
    void sleepUnlessAborted(100, undefined).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(99);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('ends at once for no time or an aborted signal, and early when the signal aborts', async () => {
    await sleepUnlessAborted(0, undefined);
    await sleepUnlessAborted(60_000, AbortSignal.abort());
    const controller = new AbortController();
    const sleeping = sleepUnlessAborted(60_000, controller.signal);
    controller.abort();
    await sleeping;
  });
});
