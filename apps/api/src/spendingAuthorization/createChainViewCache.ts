import { LRUCache } from 'lru-cache';

/** A cached read, stamped with the local time it was taken. */
export type TimedView = { readAt: number };

export type ChainViewCache<V extends TimedView> = {
  /** The view for this wallet, and whether it was remembered rather than read for this call. */
  get(wallet: string): Promise<{ view: V; remembered: boolean }>;
  /** Forgets `view` if it is still the one remembered (a newer read is kept). */
  forget(wallet: string, view: V): void;
};

export type ChainViewCacheOptions<V extends TimedView> = {
  /** Reads the view afresh. */
  read: (wallet: string) => Promise<V>;
  /** How long a view is trusted without reading again. */
  maxAgeMs: number;
  /** Wallets remembered; the least recently used are forgotten beyond this. */
  limit: number;
  /** Local clock in ms. */
  now: () => number;
};

/**
 * Per-wallet memory of what the chain said, trusted for `maxAgeMs`; concurrent calls for one
 * wallet share one read, so a burst of requests costs one chain round trip.
 *
 * @param options - the reader, the maximum age, the size limit and the clock.
 * @returns the cache.
 * @example
 * const views = createChainViewCache({ read: readChainView, maxAgeMs: 10_000, limit: 10_000, now: Date.now });
 * const { view, remembered } = await views.get(wallet);
 */
export function createChainViewCache<V extends TimedView>(
  options: ChainViewCacheOptions<V>,
): ChainViewCache<V> {
  const views = new LRUCache<string, V>({ max: options.limit });
  const reads = new Map<string, Promise<V>>();
  return {
    async get(wallet) {
      const cached = views.get(wallet);
      if (cached && options.now() - cached.readAt < options.maxAgeMs)
        return { view: cached, remembered: true };
      let reading = reads.get(wallet);
      if (!reading) {
        reading = options
          .read(wallet)
          .then((view) => {
            views.set(wallet, view);
            return view;
          })
          .finally(() => reads.delete(wallet));
        reads.set(wallet, reading);
      }
      return { view: await reading, remembered: false };
    },
    forget(wallet, view) {
      if (views.get(wallet) === view) views.delete(wallet);
    },
  };
}
