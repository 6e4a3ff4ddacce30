import fc from 'fast-check';
import { type Address, maxUint256, parseEther } from 'viem';
import { beforeAll, describe, expect, it } from 'vitest';
import { revertNameOf } from './support/deployFixture.js';
import { DAY, deployGameLicensesFixture, type GameLicensesTestbed } from './support/gameLicensesTestbed.js';

/*
 * Random sequences of purchases, refunds, settlements, withdrawals, listings, resales, price changes and
 * time passing. After every step:
 *   - GameLicenses' FAR balance == heldBalance + totalStudioBalance (it escrows nothing else, so no path
 *     pays out more than it took in);
 *   - heldBalance == Σ prices of held purchases; totalStudioBalance == Σ studioBalance;
 *   - each game's licences held == its purchases − its refunds, and no wallet holds more than one;
 * and a refund that succeeds returns exactly its purchase's price. PROPERTY_RUNS sets the runs (default 40).
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 40);

type Step = { name: string; run: (t: GameLicensesTestbed, world: World) => Promise<unknown> };
type World = { players: Address[]; studios: Address[]; games: bigint[] };

const index = fc.nat({ max: 7 });
const steps: fc.Arbitrary<Step>[] = [
  fc.tuple(index, index, fc.boolean()).map(([p, g, short]) => ({
    name: `buy(${p}, ${g}${short ? ', short' : ''})`,
    run: async (t, w) => {
      const gameId = pick(w.games, g);
      const [, price] = await t.f.read({ ...t.licenses, functionName: 'games', args: [gameId] });
      return t.buy(pick(w.players, p), gameId, short && price > 0n ? price - 1n : price);
    },
  })),
  index.map((k) => ({
    name: `refund(${k})`,
    run: async (t) => {
      const count = await t.f.read({ ...t.licenses, functionName: 'purchaseCount' });
      if (count === 0n) return;
      const purchaseId = (BigInt(k) % count) + 1n;
      const [buyer, , , , , price] = await t.f.read({
        ...t.licenses,
        functionName: 'purchases',
        args: [purchaseId],
      });
      const before = await t.f.balanceOf(buyer);
      await t.refund(buyer, purchaseId);
      expect((await t.f.balanceOf(buyer)) - before).toBe(price);
    },
  })),
  fc.constant({
    name: 'settle(all)',
    run: async (t) => {
      const count = await t.f.read({ ...t.licenses, functionName: 'purchaseCount' });
      return t.settle(Array.from({ length: Number(count) }, (_, i) => BigInt(i + 1)));
    },
  }),
  index.map((s) => ({ name: `withdraw(${s})`, run: (t, w) => t.withdraw(pick(w.studios, s)) })),
  fc.tuple(index, index, fc.bigInt({ min: 0n, max: parseEther('30') })).map(([p, g, price]) => ({
    name: `list(${p}, ${g}, ${price})`,
    run: async (t, w) => {
      const gameId = pick(w.games, g);
      // The first player from p on who holds the game, so most listings are valid.
      for (let i = 0; i < w.players.length; i++) {
        const seller = pick(w.players, p + i);
        if ((await t.licenceCount(seller, gameId)) > 0n) return t.list(seller, gameId, price);
      }
    },
  })),
  index.map((k) => ({
    name: `cancelListing(${k})`,
    run: async (t) => {
      const listingId = await someListing(t, k);
      if (listingId === undefined) return;
      const [seller] = await t.f.read({ ...t.licenses, functionName: 'listings', args: [listingId] });
      return t.f.write(seller, { ...t.licenses, functionName: 'cancelListing', args: [listingId] });
    },
  })),
  fc.tuple(index, index).map(([p, k]) => ({
    name: `buyListing(${p}, ${k})`,
    run: async (t, w) => {
      const listingId = await someListing(t, k);
      if (listingId !== undefined) return t.buyListing(pick(w.players, p), listingId, maxUint256);
    },
  })),
  fc.tuple(index, fc.bigInt({ min: 0n, max: parseEther('50') })).map(([g, price]) => ({
    name: `setPrice(${g}, ${price})`,
    run: async (t, w) => {
      const gameId = pick(w.games, g);
      const [studio] = await t.f.read({ ...t.licenses, functionName: 'games', args: [gameId] });
      return t.f.write(studio, { ...t.licenses, functionName: 'setPrice', args: [gameId, price] });
    },
  })),
  fc.constantFrom(60n, 7n * DAY, 15n * DAY).map((seconds) => ({
    name: `wait(${seconds})`,
    run: (t) => t.f.chain.increaseTime(seconds),
  })),
];

/** Listing k (mod the number of listings), or undefined before the first. */
async function someListing(t: GameLicensesTestbed, k: number): Promise<bigint | undefined> {
  const count = await t.f.read({ ...t.licenses, functionName: 'listingCount' });
  return count === 0n ? undefined : (BigInt(k) % count) + 1n;
}

/** Buying weighs three times as much as each other step: most steps need licences to exist. */
const buysAgain = [...steps.slice(0, 1), ...steps.slice(0, 1)];

function pick<T>(items: readonly T[], i: number): T {
  const item = items[i % items.length];
  if (item === undefined) throw new Error('empty choice');
  return item;
}

async function checkInvariants(t: GameLicensesTestbed, w: World) {
  const read = t.f.read;
  const [held, studioTotal, count] = await Promise.all([
    read({ ...t.licenses, functionName: 'heldBalance' }),
    read({ ...t.licenses, functionName: 'totalStudioBalance' }),
    read({ ...t.licenses, functionName: 'purchaseCount' }),
  ]);
  expect(await t.f.balanceOf(t.licenses.address)).toBe(held + studioTotal);
  let heldSum = 0n;
  const alive = new Map<bigint, bigint>();
  for (let id = 1n; id <= count; id++) {
    const [, , , , status, price, gameId] = await read({
      ...t.licenses,
      functionName: 'purchases',
      args: [id],
    });
    if (status === 1) heldSum += price;
    if (status !== 2) alive.set(gameId, (alive.get(gameId) ?? 0n) + 1n);
  }
  expect(heldSum).toBe(held);
  let studioSum = 0n;
  for (const studio of w.studios) studioSum += await t.studioBalance(studio);
  expect(studioSum).toBe(studioTotal);
  for (const gameId of w.games) {
    let licences = 0n;
    for (const player of w.players) {
      const balance = await t.licenceCount(player, gameId);
      expect(balance).toBeLessThanOrEqual(1n);
      licences += balance;
    }
    expect(licences).toBe(alive.get(gameId) ?? 0n);
  }
}

describe('GameLicenses invariants under random action sequences', () => {
  let t: GameLicensesTestbed;
  let world: World;

  beforeAll(async () => {
    t = await deployGameLicensesFixture();
    const secondStudio = t.f.user(4);
    const players = [t.alice, t.bob, t.carol, t.f.user(5)];
    for (const account of [secondStudio, t.f.user(5)])
      await t.f.approve(account, t.licenses.address, maxUint256);
    const games = [
      await t.register(parseEther('19.99'), 1_000, false),
      await t.register(1_234_567n, 0, true, secondStudio),
      await t.register(0n, 250, false, secondStudio),
    ];
    world = { players, studios: [t.studio, secondStudio], games };
  });

  it('keeps the FAR balance, held and studio totals, and licence counts consistent', async () => {
    let base = await t.f.chain.snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(...steps, ...buysAgain), { minLength: 4, maxLength: 24 }),
        async (sequence) => {
          // evm_revert consumes the snapshot: take it again for the next sequence.
          await t.f.chain.revert(base);
          base = await t.f.chain.snapshot();
          for (const step of sequence) {
            try {
              await step.run(t, world);
            } catch (error) {
              // A refused action is fine (the attack tests check which); a failed expectation is not.
              if (revertNameOf(error) === undefined) throw error;
            }
            await checkInvariants(t, world);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});
