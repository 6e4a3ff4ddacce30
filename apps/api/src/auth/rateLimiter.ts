import type { Redis } from 'ioredis';

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterMs: number };

/** Fixed-window request counting per key. */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
}

/** How long a process keeps its hits of a window before adding them to the shared count in Redis. */
export const RATE_LIMIT_SYNC_MS = 100;

/** One key's window as this process sees it. */
type SharedWindow = {
  window: number;
  /** The shared count as Redis last answered (every replica's hits it had then, ours included). */
  synced: number;
  /** Hits sent to Redis and not yet answered. */
  sending: number;
  /** Hits not sent yet. */
  unsent: number;
  /** The first hit's round trip: later hits of the window wait for it to know the shared count. */
  ready: Promise<void>;
  timer: NodeJS.Timeout | undefined;
};

/**
 * Counts in Redis, so every replica sees the same budget, without a Redis round trip per request:
 * the first hit of a key's window asks Redis (INCRBY), and the hits after it are counted here and
 * added to the shared count every {@link RATE_LIMIT_SYNC_MS}, each answer bringing the other
 * replicas' hits back. In one process the count is exact; across replicas a key can get at most
 * what the others admitted in the last {@link RATE_LIMIT_SYNC_MS} over its limit. Two Redis round
 * trips per request (per-address and per-key limits) were about 8 % of the API's CPU per request in
 * the issue 12 profile.
 *
 * @param namespace - keeps separate deployments (or test runs) sharing one Redis apart.
 */
export function createRedisRateLimiter(redis: Redis, namespace = 'far'): RateLimiter {
  const windows = new Map<string, SharedWindow>();

  const send = async (redisKey: string, entry: SharedWindow, windowMs: number) => {
    const hits = entry.unsent;
    entry.unsent = 0;
    entry.sending += hits;
    try {
      // The key names its window, so the expiry only garbage-collects; it need not be exact.
      const results = await redis
        .multi()
        .incrby(redisKey, hits)
        .pexpire(redisKey, windowMs * 2)
        .exec();
      const error = results?.[0]?.[0];
      if (error) throw error;
      entry.synced = Math.max(entry.synced, Number(results?.[0]?.[1] ?? 0));
    } catch (error) {
      entry.unsent += hits;
      throw error;
    } finally {
      entry.sending -= hits;
    }
  };

  return {
    async hit(key, limit, windowMs) {
      const window = Math.floor(Date.now() / windowMs);
      const redisKey = `${namespace}:rl:${key}:${window}`;
      let entry = windows.get(redisKey);
      if (entry) {
        await entry.ready;
        entry.unsent += 1;
        const owner = entry;
        owner.timer ??= setTimeout(() => {
          owner.timer = undefined;
          // A failed sync keeps its hits for the next one; the limit still counts them here.
          if (owner.unsent > 0) send(redisKey, owner, windowMs).catch(() => {});
        }, RATE_LIMIT_SYNC_MS).unref();
      } else {
        if (windows.size > 10_000) {
          for (const [k, old] of windows) if (old.window < window) windows.delete(k);
        }
        const created: SharedWindow = {
          window,
          synced: 0,
          sending: 0,
          unsent: 1,
          ready: Promise.resolve(),
          timer: undefined,
        };
        entry = created;
        created.ready = send(redisKey, created, windowMs);
        windows.set(redisKey, created);
        try {
          await created.ready;
        } catch (error) {
          // Redis did not answer: the next hit of this key asks again.
          windows.delete(redisKey);
          throw error;
        }
      }
      const count = entry.synced + entry.sending + entry.unsent;
      const retryAfterMs = (window + 1) * windowMs - Date.now();
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterMs };
    },
  };
}

/** Counts in this process; the zero-setup default. Old windows are dropped as time moves on. */
export function createMemoryRateLimiter(): RateLimiter {
  const counts = new Map<string, { window: number; count: number }>();
  return {
    async hit(key, limit, windowMs) {
      const window = Math.floor(Date.now() / windowMs);
      const entry = counts.get(key);
      const count = entry && entry.window === window ? entry.count + 1 : 1;
      counts.set(key, { window, count });
      if (counts.size > 100_000) {
        for (const [k, v] of counts) if (v.window < window) counts.delete(k);
      }
      const retryAfterMs = (window + 1) * windowMs - Date.now();
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterMs };
    },
  };
}
