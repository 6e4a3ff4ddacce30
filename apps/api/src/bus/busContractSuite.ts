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

/** What each group of cases needs: the bus under test (made in `beforeAll`) and its context. */
type BusSuiteContext = {
  /** The bus under test; only valid inside a test. */
  bus: () => Bus;
  /** Everything the bus reported to `onError`. */
  errors: unknown[];
  /** Prefix for this suite's channel names. */
  ns: string;
  create: (options: BusOptions) => Promise<Bus>;
};

/**
 * The behaviour every Bus implementation must show, as one suite run against each (call it inside
 * a `describe`). Channel names are random so suites sharing one Redis never see each other.
 *
 * @param create - makes a fresh bus; `onError` must be passed through.
 */
export function busContractSuite(create: (options: BusOptions) => Promise<Bus>): void {
  const errors: unknown[] = [];
  let bus: Bus | undefined;
  const ns = `bus-test:${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    bus = await create({ onError: (error) => errors.push(error) });
  });
  afterAll(async () => {
    await bus?.close();
  });

  const ctx: BusSuiteContext = {
    bus: () => {
      if (!bus) throw new Error('the bus is created in beforeAll');
      return bus;
    },
    ns,
    errors,
    create,
  };
  deliveryCases(ctx);
  encodingCases(ctx);
  patternAndErrorCases(ctx);
}

/** Delivery to one and to several subscribers, in order, and its end at unsubscribe. */
function deliveryCases(ctx: BusSuiteContext): void {
  it('delivers a published message to a subscriber', async () => {
    const got = collector();
    await ctx.bus().subscribe(`${ctx.ns}:a`, (m) => got.push(m));
    await ctx.bus().publish(`${ctx.ns}:a`, { hello: 'world' });
    expect(await got.waitFor(1)).toEqual([{ hello: 'world' }]);
  });

  it('delivers to every subscriber of a channel, and each gets its own copy', async () => {
    const one = collector<{ n: number }>();
    const two = collector<{ n: number }>();
    await ctx.bus().subscribe(`${ctx.ns}:multi`, (m) => {
      (m as { n: number }).n += 100; // mutating its copy must not affect the other subscriber
      one.push(m as { n: number });
    });
    await ctx.bus().subscribe(`${ctx.ns}:multi`, (m) => two.push(m as { n: number }));
    await ctx.bus().publish(`${ctx.ns}:multi`, { n: 1 });
    expect(await one.waitFor(1)).toEqual([{ n: 101 }]);
    expect(await two.waitFor(1)).toEqual([{ n: 1 }]);
  });

  it('keeps the publication order on a channel', async () => {
    const got = collector<number>();
    await ctx.bus().subscribe(`${ctx.ns}:order`, (m) => got.push(m as number));
    for (let i = 0; i < 200; i++) await ctx.bus().publish(`${ctx.ns}:order`, i);
    // Also when publishes are not awaited one by one.
    await Promise.all(Array.from({ length: 200 }, (_, i) => ctx.bus().publish(`${ctx.ns}:order`, 200 + i)));
    expect(await got.waitFor(400)).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });

  it('stops delivering after unsubscribe, while other subscribers keep receiving', async () => {
    const gone = collector();
    const stays = collector();
    const off = await ctx.bus().subscribe(`${ctx.ns}:unsub`, (m) => gone.push(m));
    await ctx.bus().subscribe(`${ctx.ns}:unsub`, (m) => stays.push(m));
    await ctx.bus().publish(`${ctx.ns}:unsub`, 1);
    await gone.waitFor(1);
    await off();
    await ctx.bus().publish(`${ctx.ns}:unsub`, 2);
    // Delivery is ordered per connection: once `stays` has 2, `gone` would have had it too.
    expect(await stays.waitFor(2)).toEqual([1, 2]);
    expect(gone.items).toEqual([1]);
  });
}

/** What survives the trip: JSON values, bigints as decimal strings. */
function encodingCases(ctx: BusSuiteContext): void {
  it('round-trips JSON values and sends bigints as decimal strings', async () => {
    const got = collector();
    await ctx.bus().subscribe(`${ctx.ns}:json`, (m) => got.push(m));
    const wei = 2n ** 200n + 1n;
    await ctx.bus().publish(`${ctx.ns}:json`, {
      text: 'héllo ✓',
      n: 1.5,
      ok: true,
      none: null,
      skipped: undefined,
      list: [1, 'two', { three: 3 }],
      amountWei: wei,
      nested: { shares: [1n, 2n] },
    });
    await ctx.bus().publish(`${ctx.ns}:json`, 'plain string');
    await ctx.bus().publish(`${ctx.ns}:json`, undefined);
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
}

/** Pattern subscriptions, a throwing handler, and a closed bus. */
function patternAndErrorCases(ctx: BusSuiteContext): void {
  it('delivers by pattern with the matching channel name', async () => {
    const got = collector<{ m: unknown; channel: string }>();
    const off = await ctx.bus().psubscribe(`${ctx.ns}:task:*`, (m, channel) => got.push({ m, channel }));
    await ctx.bus().publish(`${ctx.ns}:task:1`, 'a');
    await ctx.bus().publish(`${ctx.ns}:other`, 'not me');
    await ctx.bus().publish(`${ctx.ns}:task:2:tokens`, 'b');
    expect(await got.waitFor(2)).toEqual([
      { m: 'a', channel: `${ctx.ns}:task:1` },
      { m: 'b', channel: `${ctx.ns}:task:2:tokens` },
    ]);
    await off();
  });

  it('isolates a throwing handler from the others and reports it', async () => {
    const got = collector();
    const before = ctx.errors.length;
    await ctx.bus().subscribe(`${ctx.ns}:throws`, () => {
      throw new Error('handler bug');
    });
    await ctx.bus().subscribe(`${ctx.ns}:throws`, (m) => got.push(m));
    await ctx.bus().publish(`${ctx.ns}:throws`, 'still delivered');
    expect(await got.waitFor(1)).toEqual(['still delivered']);
    expect(ctx.errors.length).toBe(before + 1);
  });

  it('refuses to publish after close', async () => {
    const other = await ctx.create({});
    await other.close();
    await expect(other.publish(`${ctx.ns}:closed`, 1)).rejects.toThrow(/closed/);
  });
}
