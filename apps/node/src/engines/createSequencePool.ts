/** A fixed set of items lent one request at a time; requests beyond them wait in line. */
export type SequencePool<T> = {
  /**
   * Lends a free item, or waits for one in arrival order.
   * @returns the item, or undefined when `signal` aborted the wait or the pool closed.
   */
  acquire(signal?: AbortSignal): Promise<T | undefined>;
  /** Gives an item back: to the first request waiting, else to the free set. */
  release(item: T): void;
  /** Ends every wait with undefined (the engine is closing). */
  close(): void;
};

/**
 * A pool of llama.cpp context sequences: each concurrent request evaluates on its own sequence,
 * and a request beyond them waits until one is released instead of failing.
 *
 * @param items - the sequences.
 * @returns the pool.
 * @example
 * const pool = createSequencePool(sequences);
 * const sequence = await pool.acquire(req.signal);
 * try { … } finally { if (sequence) pool.release(sequence); }
 */
export function createSequencePool<T>(items: readonly T[]): SequencePool<T> {
  const free = [...items];
  const waiters: ((item: T | undefined) => void)[] = [];
  return {
    async acquire(signal) {
      const item = free.pop();
      if (item !== undefined) return item;
      return new Promise((resolve) => {
        const onAbort = () => {
          const index = waiters.indexOf(grant);
          if (index >= 0) waiters.splice(index, 1);
          resolve(undefined);
        };
        const grant = (granted: T | undefined) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(granted);
        };
        waiters.push(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    release(item) {
      const next = waiters.shift();
      if (next) next(item);
      else free.push(item);
    },
    close() {
      for (const waiter of waiters.splice(0)) waiter(undefined);
    },
  };
}
