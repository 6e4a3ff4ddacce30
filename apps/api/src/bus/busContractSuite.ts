import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Bus, BusOptions } from './Bus.js';

/**
 * Collects messages and lets a test await the n-th one, so tests wait on delivery itself rather
 * than on a sleep.
 */
function collector<T = unknown>() {
  const items: T[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    items,
    push(item: T) {
      items.push(item);
      for (const w of waiters.filter((w) => items.length >= w.n)) w.resolve();
    },
    async waitFor(n: number): Promise<T[]> {
      if (items.length < n) await new Promise<void>((resolve) => waiters.push({ n, resolve }));
      return items;
    },
  };
}

/**
 * The behaviour every Bus implementation must show, as one suite run against each (call it inside
 * a `describe`). Channel names are random so suites sharing one Redis never see each other.
 *
 * @param create - makes a fresh bus; `onError` must be passed through.
 */
export function busContractSuite(create: (options: BusOptions) => Promise<Bus>): void {
  const errors: unknown[] = [];
  let bus: Bus;
  const ns = `bus-test:${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    bus = await create({ onError: (error) => errors.push(error) });
  });
  afterAll(async () => {
    await bus?.close();
  });

  it('delivers a published message to a subscriber', async () => {
    const got = collector();
    await bus.subscribe(`${ns}:a`, (m) => got.push(m));
    await bus.publish(`${ns}:a`, { hello: 'world' });
    expect(await got.waitFor(1)).toEqual([{ hello: 'world' }]);
  });

  it('delivers to every subscriber of a channel, and each gets its own copy', async () => {
    const one = collector<{ n: number }>();
    const two = collector<{ n: number }>();
    await bus.subscribe(`${ns}:multi`, (m) => {
      (m as { n: number }).n += 100; // mutating its copy must not affect the other subscriber
      one.push(m as { n: number });
    });
    await bus.subscribe(`${ns}:multi`, (m) => two.push(m as { n: number }));
    await bus.publish(`${ns}:multi`, { n: 1 });
    expect(await one.waitFor(1)).toEqual([{ n: 101 }]);
    expect(await two.waitFor(1)).toEqual([{ n: 1 }]);
  });

  it('keeps the publication order on a channel', async () => {
    const got = collector<number>();
    await bus.subscribe(`${ns}:order`, (m) => got.push(m as number));
    for (let i = 0; i < 200; i++) await bus.publish(`${ns}:order`, i);
    // Also when publishes are not awaited one by one.
    await Promise.all(Array.from({ length: 200 }, (_, i) => bus.publish(`${ns}:order`, 200 + i)));
    expect(await got.waitFor(400)).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it('stops delivering after unsubscribe, while other subscribers keep receiving', async () => {
    const gone = collector();
    const stays = collector();
    const off = await bus.subscribe(`${ns}:unsub`, (m) => gone.push(m));
    await bus.subscribe(`${ns}:unsub`, (m) => stays.push(m));
    await bus.publish(`${ns}:unsub`, 1);
    await gone.waitFor(1);
    await off();
    await bus.publish(`${ns}:unsub`, 2);
    // Delivery is ordered per connection: once `stays` has 2, `gone` would have had it too.
    expect(await stays.waitFor(2)).toEqual([1, 2]);
    expect(gone.items).toEqual([1]);
  });

  it('round-trips JSON values and sends bigints as decimal strings', async () => {
    const got = collector();
    await bus.subscribe(`${ns}:json`, (m) => got.push(m));
    const wei = 2n ** 200n + 1n;
    await bus.publish(`${ns}:json`, {
      text: 'héllo ✓',
      n: 1.5,
      ok: true,
      none: null,
      skipped: undefined,
      list: [1, 'two', { three: 3 }],
      amountWei: wei,
      nested: { shares: [1n, 2n] },
    });
    await bus.publish(`${ns}:json`, 'plain string');
    await bus.publish(`${ns}:json`, undefined);
    const [first, second, third] = await got.waitFor(3);
    expect(first).toEqual({
      text: 'héllo ✓',
      n: 1.5,
      ok: true,
      none: null,
      list: [1, 'two', { three: 3 }],
      amountWei: wei.toString(),
      nested: { shares: ['1', '2'] },
    });
    expect(BigInt((first as { amountWei: string }).amountWei)).toBe(wei);
    expect(second).toBe('plain string');
    expect(third).toBeNull();
  });

  it('delivers by pattern with the matching channel name', async () => {
    const got = collector<{ m: unknown; channel: string }>();
    const off = await bus.psubscribe(`${ns}:task:*`, (m, channel) => got.push({ m, channel }));
    await bus.publish(`${ns}:task:1`, 'a');
    await bus.publish(`${ns}:other`, 'not me');
    await bus.publish(`${ns}:task:2:tokens`, 'b');
    expect(await got.waitFor(2)).toEqual([
      { m: 'a', channel: `${ns}:task:1` },
      { m: 'b', channel: `${ns}:task:2:tokens` },
    ]);
    await off();
  });

  it('isolates a throwing handler from the others and reports it', async () => {
    const got = collector();
    const before = errors.length;
    await bus.subscribe(`${ns}:throws`, () => {
      throw new Error('handler bug');
    });
    await bus.subscribe(`${ns}:throws`, (m) => got.push(m));
    await bus.publish(`${ns}:throws`, 'still delivered');
    expect(await got.waitFor(1)).toEqual(['still delivered']);
    expect(errors.length).toBe(before + 1);
  });

  it('refuses to publish after close', async () => {
    const other = await create({});
    await other.close();
    await expect(other.publish(`${ns}:closed`, 1)).rejects.toThrow(/closed/);
  });
}
