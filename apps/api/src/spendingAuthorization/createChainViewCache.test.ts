import { describe, expect, it } from 'vitest';
import { createChainViewCache } from './createChainViewCache.js';

function setup() {
  let clock = 0;
  let reads = 0;
  const cache = createChainViewCache({
    read: async (wallet: string) => {
      reads++;
      return { wallet, readAt: clock, n: reads };
    },
    maxAgeMs: 100,
    limit: 2,
    now: () => clock,
  });
  return { cache, reads: () => reads, tick: (ms: number) => (clock += ms) };
}

describe('createChainViewCache', () => {
  it('remembers a view until it is maxAgeMs old, then reads again', async () => {
    const { cache, reads, tick } = setup();
    expect((await cache.get('a')).remembered).toBe(false);
    tick(99);
    expect(await cache.get('a')).toMatchObject({ remembered: true, view: { n: 1 } });
    tick(1);
    expect(await cache.get('a')).toMatchObject({ remembered: false, view: { n: 2 } });
    expect(reads()).toBe(2);
  });

  it('shares one read among concurrent calls for a wallet', async () => {
    const { cache, reads } = setup();
    const [first, second] = await Promise.all([cache.get('a'), cache.get('a')]);
    expect(first.view).toBe(second.view);
    expect(reads()).toBe(1);
  });

  it('forgets a view only while it is still the one remembered', async () => {
    const { cache, reads, tick } = setup();
    const { view: old } = await cache.get('a');
    tick(100);
    const { view: fresh } = await cache.get('a');
    cache.forget('a', old);
    expect((await cache.get('a')).view).toBe(fresh);
    cache.forget('a', fresh);
    expect((await cache.get('a')).remembered).toBe(false);
    expect(reads()).toBe(3);
  });

  it('forgets the least recently used wallet beyond its limit', async () => {
    const { cache, reads } = setup();
    await cache.get('a');
    await cache.get('b');
    await cache.get('c');
    expect((await cache.get('c')).remembered).toBe(true);
    expect((await cache.get('a')).remembered).toBe(false);
    expect(reads()).toBe(4);
  });
});
