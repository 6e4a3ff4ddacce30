import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisRateLimiter, RATE_LIMIT_SYNC_MS } from './rateLimiter.js';

const redisUrl = process.env.REDIS_URL;
// A day's window: a test never straddles two (the key names its window).
const WINDOW = 86_400_000;

describe.skipIf(!redisUrl)('createRedisRateLimiter', () => {
  let redis: Redis;

  beforeAll(() => {
    redis = new Redis(redisUrl as string);
  });
  afterAll(async () => {
    await redis?.quit();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** The shared count of `key`'s current window, once it reaches `count`. */
  async function sharedCountReaches(namespace: string, key: string, count: number) {
    const redisKey = `${namespace}:rl:${key}:${Math.floor(Date.now() / WINDOW)}`;
    for (;;) {
      const value = Number(await redis.get(redisKey));
      if (value >= count) return value;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('counts exactly in one process, asking Redis only for the first hit of a window', async () => {
    const namespace = `test-${randomUUID()}`;
    const limiter = createRedisRateLimiter(redis, namespace);
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await limiter.hit('key:a', 3, WINDOW));

    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0]);
    // Only the first hit has reached Redis so far; the other four are sent within the sync period.
    expect(Number(await redis.get(`${namespace}:rl:key:a:${Math.floor(Date.now() / WINDOW)}`))).toBe(1);
  });

  it('shares the budget between replicas: what one admitted counts for the other once synced', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const namespace = `test-${randomUUID()}`;
    const a = createRedisRateLimiter(redis, namespace);
    const b = createRedisRateLimiter(redis, namespace);

    expect((await a.hit('key:b', 3, WINDOW)).allowed).toBe(true);
    expect((await a.hit('key:b', 3, WINDOW)).allowed).toBe(true);
    vi.advanceTimersByTime(RATE_LIMIT_SYNC_MS);
    expect(await sharedCountReaches(namespace, 'key:b', 2)).toBe(2);

    expect(await b.hit('key:b', 3, WINDOW)).toMatchObject({ allowed: true, remaining: 0 });
    expect((await b.hit('key:b', 3, WINDOW)).allowed).toBe(false);
    // The first replica learns of the second's hits at its next sync.
    expect((await a.hit('key:b', 3, WINDOW)).allowed).toBe(true);
    vi.advanceTimersByTime(RATE_LIMIT_SYNC_MS);
    // a's three and b's first (b's second is still b's own).
    await sharedCountReaches(namespace, 'key:b', 4);
    expect((await a.hit('key:b', 3, WINDOW)).allowed).toBe(false);
  });

  it('sends every key’s hits of a sync period together, in one round trip', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const namespace = `test-${randomUUID()}`;
    let multis = 0;
    const counted = new Proxy(redis, {
      get(target, property, receiver) {
        if (property === 'multi') multis += 1;
        return Reflect.get(target, property, receiver);
      },
    });
    const limiter = createRedisRateLimiter(counted, namespace);
    const keys = ['key:c', 'key:d', 'key:e'];
    // Each key's first hit asks Redis for the shared count: a round trip each.
    for (const key of keys) await limiter.hit(key, 10, WINDOW);
    expect(multis).toBe(3);
    for (let i = 0; i < 3; i++) for (const key of keys) await limiter.hit(key, 10, WINDOW);
    expect(multis).toBe(3);
    vi.advanceTimersByTime(RATE_LIMIT_SYNC_MS);
    for (const key of keys) expect(await sharedCountReaches(namespace, key, 4)).toBe(4);
    expect(multis).toBe(4);
    expect(await limiter.hit('key:c', 10, WINDOW)).toMatchObject({ allowed: true, remaining: 5 });
  });
});
