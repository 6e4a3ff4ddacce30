import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPollingLoop } from './createPollingLoop.js';

describe('createPollingLoop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at once, then an interval after each run ends, until stopped', async () => {
    const run = vi.fn(async () => undefined);
    const loop = createPollingLoop({ run, intervalMs: 1000, onError: () => undefined });
    loop.start();
    loop.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(2);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('reports a failed run and carries on', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const loop = createPollingLoop({
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('rpc down');
      },
      intervalMs: 10,
      onError: (error) => errors.push(error),
    });
    loop.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(errors).toHaveLength(1);
    expect(calls).toBe(2);
    await loop.stop();
  });

  it('waits in stop for the run in progress', async () => {
    let finish: () => void = () => undefined;
    let finished = false;
    const loop = createPollingLoop({
      run: () =>
        new Promise<void>((resolve) => {
          finish = () => {
            finished = true;
            resolve();
          };
        }),
      intervalMs: 10,
      onError: () => undefined,
    });
    loop.start();
    const stopping = loop.stop();
    finish();
    await stopping;
    expect(finished).toBe(true);
  });
});
