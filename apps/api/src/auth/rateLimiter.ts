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
  redisKey: string;
  window: number;
  windowMs: number;
  /** The shared count as Redis last answered (every replica's hits it had then, ours included). */
  synced: number;
  /** Hits sent to Redis and not yet answered. */
  sending: number;
  /** Hits not sent yet. */
  unsent: number;
  /** The first hit's round trip: later hits of the window wait for it to know the shared count. */
  ready: Promise<void>;
};

/**
 * Counts in Redis, so every replica sees the same budget, without a Redis round trip per request:
 * the first hit of a key's window asks Redis (INCRBY), and the hits after it are counted here and
 * added to the shared count every {@link RATE_LIMIT_SYNC_MS}, each answer bringing the other
 * replicas' hits back. In one process the count is exact; across replicas a key can get at most
 * what the others admitted in the last {@link RATE_LIMIT_SYNC_MS} over its limit. Two Redis round
 * trips per request (per-address and per-key limits) were about 8 % of the API's CPU per request in
 * the issue 12 profile. The periodic syncs of every key go out together, in one MULTI per period:
 * one sync per key and period was still about one round trip per request when requests spread
 * over many keys.
 *
 * @param namespace - keeps separate deployments (or test runs) sharing one Redis apart.
 */
export function createRedisRateLimiter(redis: Redis, namespace = 'far'): RateLimiter {
  const windows = new Map<string, SharedWindow>();
  /** Windows with hits not sent yet, waiting for the next sync. */
  const due = new Set<SharedWindow>();
  let syncScheduled = false;

  /** Adds each window's unsent hits to its shared count, all in one round trip. */
  const send = async (entries: readonly SharedWindow[]) => {
    const batch = entries.map((entry) => {
      const hits = entry.unsent;
      entry.unsent = 0;
      entry.sending += hits;
      return { entry, hits };
    });
    const multi = redis.multi();
    // The key names its window, so the expiry only garbage-collects; it need not be exact.
    for (const { entry, hits } of batch)
      multi.incrby(entry.redisKey, hits).pexpire(entry.redisKey, entry.windowMs * 2);
    let results: Awaited<ReturnType<typeof multi.exec>> = null;
    let failure: unknown;
    try {
      results = await multi.exec();
    } catch (error) {
      failure = error;
    }
    for (const [i, { entry, hits }] of batch.entries()) {
      entry.sending -= hits;
      const [error, count] = results?.[i * 2] ?? [failure ?? new Error('no answer from Redis'), null];
      if (error) {
        // Kept for the next sync; the limit still counts them here.
        entry.unsent += hits;
        failure ??= error;
      } else {
        entry.synced = Math.max(entry.synced, Number(count ?? 0));
      }
    }
    if (failure) throw failure;
  };

  const sync = () => {
    syncScheduled = false;
    const entries = [...due].filter((entry) => entry.unsent > 0);
    due.clear();
    // A failed sync keeps its hits (see send); the key's next hit schedules them again.
    if (entries.length > 0) send(entries).catch(() => {});
  };
  const schedule = (entry: SharedWindow) => {
    due.add(entry);
    if (syncScheduled) return;
    syncScheduled = true;
    setTimeout(sync, RATE_LIMIT_SYNC_MS).unref();
  };

  return {
    async hit(key, limit, windowMs) {
      const window = Math.floor(Date.now() / windowMs);
      const redisKey = `${namespace}:rl:${key}:${window}`;
      let entry = windows.get(redisKey);
      if (entry) {
        await entry.ready;
        entry.unsent += 1;
        schedule(entry);
      } else {
        if (windows.size > 10_000) {
          for (const [k, old] of windows) if (old.window < window) windows.delete(k);
        }
        const created: SharedWindow = {
          redisKey,
          window,
          windowMs,
          synced: 0,
          sending: 0,
          unsent: 1,
          ready: Promise.resolve(),
        };
        entry = created;
        created.ready = send([created]);
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
