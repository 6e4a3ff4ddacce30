import { splitGameResale, splitGameSale } from '@far/contracts';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listGamedActivity } from '../../src/services/gamed/listGamedActivity.js';
import { createPage } from './gamedUploadFlow.js';
import { type GamedTestbed, startGamedTestbed } from './startGamedTestbed.js';

const price = parseEther('10');
const resalePrice = parseEther('6');

type StudioGames = { data: { id: string; stats: { sold: number; refunded: number; grossWei: string } }[] };
type Purchase = { purchaseId: string; buyer: string; status: string; studioShareWei: string | null };
type Ledger = {
  balanceWei: string;
  due: Purchase[];
  sales: Purchase[];
  royalties: { royaltyWei: string }[];
  withdrawals: { amountWei: string }[];
};

let bed: GamedTestbed;
let studioAuth: Record<string, string>;
let gameId: bigint;
let pageId: string;
beforeAll(async () => {
  bed = await startGamedTestbed();
  studioAuth = await bed.authAs(bed.studio);
  gameId = await bed.registerGame(price);
  pageId = (
    (await (await createPage(bed, studioAuth, gameId, { title: 'Ledger Quest' })).json()) as { id: string }
  ).id;
}, 120_000);
afterAll(() => bed?.close());

const get = async <T>(path: string) =>
  (await (await bed.app.request(path, { headers: studioAuth })).json()) as T;
const statsOf = async () =>
  (await get<StudioGames>('/api/gamed/studio/games')).data.find((g) => g.id === pageId)?.stats;
const soldInCatalogue = async () =>
  (
    (await (await bed.app.request('/api/gamed/games')).json()) as { data: { id: string; sold: number }[] }
  ).data.find((g) => g.id === pageId)?.sold;
/** The sum of the studio's Far GameD account history (sales, royalties, withdrawals, downloads). */
const historySum = async () =>
  (
    await listGamedActivity(bed.db, { userId: '', wallet: bed.studio }, { limit: 100, before: undefined })
  ).reduce((sum, item) => sum + item.amountWei, 0n);
const onChainBalance = () =>
  bed.chain.publicClient.readContract({
    ...bed.gameLicenses,
    functionName: 'studioBalance',
    args: [bed.studio],
  });

describe("Far GameD studio figures from the follower's mirror", () => {
  it('counts a sale only once the mirror has it, and a refund takes it back out', async () => {
    // Sent without the follower: the chain has the sale, the mirror does not yet.
    const approve = await bed.chain
      .walletFor(bed.alice)
      .writeContract({ ...bed.token, functionName: 'approve', args: [bed.gameLicenses.address, price] });
    await bed.chain.publicClient.waitForTransactionReceipt({ hash: approve });
    const bought = await bed.chain
      .walletFor(bed.alice)
      .writeContract({ ...bed.gameLicenses, functionName: 'buy', args: [gameId, price] });
    await bed.chain.publicClient.waitForTransactionReceipt({ hash: bought });
    expect(await statsOf()).toMatchObject({ sold: 0, refunded: 0, grossWei: '0' });

    await bed.follower.syncOnce();
    expect(await statsOf()).toMatchObject({ sold: 1, refunded: 0, grossWei: price.toString() });
    expect(await soldInCatalogue()).toBe(1);

    const bobsPurchase = await bed.buy(bed.bob, gameId, price);
    await bed.refund(bed.bob, bobsPurchase);
    expect(await statsOf()).toEqual({ sold: 2, refunded: 1, grossWei: price.toString(), downloads: 0 });
    expect(await soldInCatalogue()).toBe(1);
    const ledger = await get<Ledger>('/api/gamed/studio/ledger');
    expect(ledger.sales.map((sale) => [sale.buyer, sale.status])).toEqual([
      [bed.bob, 'refunded'],
      [bed.alice, 'held'],
    ]);
    expect(ledger.due).toEqual([]);
    expect(ledger.balanceWei).toBe('0');
  });

  it('lists a sale as due once its window closes on the chain clock, and tracks the payout as the chain does', async () => {
    await bed.chain.increaseTime(15n * 24n * 3600n);
    const due = await get<Ledger>('/api/gamed/studio/ledger');
    expect(due.due.map((sale) => sale.buyer)).toEqual([bed.alice]);

    await bed.send(bed.studio, {
      ...bed.gameLicenses,
      functionName: 'settle',
      args: [due.due.map((sale) => BigInt(sale.purchaseId))],
    });
    await bed.resell(bed.alice, bed.bob, gameId, resalePrice);
    const settled = await get<Ledger>('/api/gamed/studio/ledger');
    const expected = splitGameSale(price).studio + splitGameResale(resalePrice, 500n).royalty;
    expect(settled.due).toEqual([]);
    expect(settled.sales.find((sale) => sale.buyer === bed.alice)?.studioShareWei).toBe(
      splitGameSale(price).studio.toString(),
    );
    expect(settled.royalties.map((row) => row.royaltyWei)).toEqual([
      splitGameResale(resalePrice, 500n).royalty.toString(),
    ]);
    expect(settled.balanceWei).toBe(expected.toString());
    expect(await onChainBalance()).toBe(expected);

    await bed.send(bed.studio, { ...bed.gameLicenses, functionName: 'withdraw', args: [] });
    const withdrawn = await get<Ledger>('/api/gamed/studio/ledger');
    expect(withdrawn.balanceWei).toBe('0');
    expect(await onChainBalance()).toBe(0n);
    expect(withdrawn.withdrawals.map((row) => row.amountWei)).toEqual([expected.toString()]);
  });

  it("sums the studio's account history to what GameLicenses holds for it, each FAR counted once", async () => {
    // Everything earned so far was withdrawn: credited once, taken out once.
    expect(await historySum()).toBe(0n);
    expect(await onChainBalance()).toBe(0n);

    await bed.buy(bed.alice, gameId, price);
    await bed.chain.increaseTime(15n * 24n * 3600n);
    const { due } = await get<Ledger>('/api/gamed/studio/ledger');
    await bed.send(bed.studio, {
      ...bed.gameLicenses,
      functionName: 'settle',
      args: [due.map((sale) => BigInt(sale.purchaseId))],
    });
    expect(await onChainBalance()).toBe(splitGameSale(price).studio);
    expect(await historySum()).toBe(await onChainBalance());
  });
});
