import type { Redis } from 'ioredis';

export type RateLimitResult = { allowed: boolean; remaining: number; retryAfterMs: number };

/** Fixed-window request counting per key. */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
}

/**
 * Counts in Redis, so every replica sees the same budget.
 *
 * @param namespace - keeps separate deployments (or test runs) sharing one Redis apart.
 */
export function createRedisRateLimiter(redis: Redis, namespace = 'far'): RateLimiter {
  return {
    async hit(key, limit, windowMs) {
      const window = Math.floor(Date.now() / windowMs);
      const redisKey = `${namespace}:rl:${key}:${window}`;
      // The key names its window, so the expiry only garbage-collects; it need not be exact.
      const results = await redis
        .multi()
        .incr(redisKey)
        .pexpire(redisKey, windowMs * 2)
        .exec();
      const count = Number(results?.[0]?.[1] ?? 0);
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
