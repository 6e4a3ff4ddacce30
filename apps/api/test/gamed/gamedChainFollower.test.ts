import { farTokenAbi, gameLicensesAbi, splitGameResale, splitGameSale } from '@far/contracts';
import {
  chainCursors,
  createTestDb,
  gamedChainBuilds,
  gamedChainGames,
  gamedChainLicences,
  gamedChainListings,
  gamedChainPurchases,
  gamedChainWithdrawals,
  revenueStreams,
  type TestDbHandle,
  testDrivers,
} from '@far/db';
import { eq, like } from 'drizzle-orm';
import { type Address, maxUint256, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/observability/createLogger.js';
import { GamedChainNoticeSchema } from '../../src/services/gamed/chain/GamedChainNotice.js';
import { readLicenseHolder } from '../../src/services/gamed/chain/readLicenseHolder.js';
import { startGamedChainFollower } from '../../src/services/gamed/chain/startGamedChainFollower.js';
import { summarizeGamedRevenue } from '../../src/services/gamed/chain/summarizeGamedRevenue.js';
import { type ChainTestbed, createChainTestbed } from '../support/createChainTestbed.js';

const logger = createLogger('silent');
const PRICE = parseEther('12.5');
const RESALE = parseEther('9');
const ROYALTY_BPS = 800;
const SHA = `0x${'ab'.repeat(32)}` as const;

describe.each(testDrivers())('gamed chain follower on %s', (driver) => {
  let testDb: TestDbHandle;
  let bed: ChainTestbed;
  let contract: Address;
  const published: { channel: string; message: unknown }[] = [];

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    bed = await createChainTestbed();
    const address = bed.deployments.contracts.gameLicenses;
    if (!address) throw new Error('no GameLicenses in the deployment');
    contract = address;
    for (const user of bed.users.slice(0, 4)) {
      await bed.send(user, {
        address: bed.deployments.contracts.farToken,
        abi: farTokenAbi,
        functionName: 'approve',
        args: [contract, maxUint256],
      });
    }
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const core = () => ({ db: testDb.db, chain: bed.publicClient, deployments: bed.deployments });
  const follower = () => {
    const started = startGamedChainFollower(
      {
        ...core(),
        logger,
        config: { CHAIN_CONFIRMATIONS: 1 },
        bus: {
          publish: async (channel, message) => {
            published.push({ channel, message });
          },
        },
      },
      { poll: false },
    );
    if (!started) throw new Error('follower not started');
    return started;
  };
  const account = (i: number) => () => {
    const address = bed.users[i];
    if (!address) throw new Error(`no user ${i}`);
    return address;
  };
  const [studio, alice, bob, carol] = [account(0), account(1), account(2), account(3)];
  const call = (from: Address, functionName: string, args: readonly unknown[]) =>
    bed.send(from, { address: contract, abi: gameLicensesAbi, functionName, args });
  const lower = (address: Address) => address.toLowerCase();

  it('mirrors a game, its build, purchases, a refund and the holders, and rings the studio on each sale', async () => {
    await call(studio(), 'registerGame', [PRICE, ROYALTY_BPS, false, 'far-gamed://1']);
    await call(studio(), 'publishBuild', [1n, 2, SHA, 4_096n, 'far-gamed://build/1']);
    await call(alice(), 'buy', [1n, PRICE]);
    await call(bob(), 'buy', [1n, PRICE]);
    await call(bob(), 'refund', [2n]);
    expect(await follower().syncOnce()).toBeGreaterThan(0);

    const [game] = await testDb.db.select().from(gamedChainGames);
    expect(game).toMatchObject({
      gameId: '1',
      studioAddress: lower(studio()),
      priceWei: PRICE,
      royaltyBps: ROYALTY_BPS,
    });
    const [build] = await testDb.db.select().from(gamedChainBuilds);
    expect(build).toMatchObject({ platform: 'linux', version: 1, sha256: 'ab'.repeat(32), sizeBytes: 4_096 });
    const purchases = await testDb.db
      .select()
      .from(gamedChainPurchases)
      .orderBy(gamedChainPurchases.purchaseId);
    expect(purchases.map((p) => [p.buyerAddress, p.status])).toEqual([
      [lower(alice()), 'held'],
      [lower(bob()), 'refunded'],
    ]);
    const holders = await testDb.db.select().from(gamedChainLicences);
    expect(holders.map((h) => h.holderAddress)).toEqual([lower(alice())]);
    const sales = published
      .filter(({ channel }) => channel === 'gamed:chain')
      .map(({ message }) => GamedChainNoticeSchema.parse(message))
      .filter((notice) => notice.event === 'LicensePurchased' || notice.event === 'LicenseRefunded');
    expect(sales).toEqual([
      expect.objectContaining({
        event: 'LicensePurchased',
        studio: lower(studio()),
        wallet: lower(alice()),
        amountWei: PRICE,
      }),
      expect.objectContaining({ event: 'LicensePurchased', wallet: lower(bob()) }),
      expect.objectContaining({
        event: 'LicenseRefunded',
        studio: lower(studio()),
        wallet: lower(bob()),
        amountWei: PRICE,
      }),
    ]);
  });

  it('answers the download gate from the mirror when current, and from the chain when a resale is not yet indexed', async () => {
    expect(await readLicenseHolder(core(), 1n, alice())).toEqual({ holds: true, source: 'mirror' });
    expect(await readLicenseHolder(core(), 1n, bob())).toEqual({ holds: false, source: 'mirror' });
    await call(alice(), 'list', [1n, RESALE]);
    await call(carol(), 'buyListing', [1n, RESALE]);
    expect(await readLicenseHolder(core(), 1n, alice())).toEqual({ holds: false, source: 'chain' });
    expect(await readLicenseHolder(core(), 1n, carol())).toEqual({ holds: true, source: 'chain' });
    await follower().syncOnce();
    expect(await readLicenseHolder(core(), 1n, carol())).toEqual({ holds: true, source: 'mirror' });
    expect(await readLicenseHolder(core(), 1n, alice())).toEqual({ holds: false, source: 'mirror' });
  });

  it('records the resale split and credits the royalty to the studio and the proceeds to the seller', async () => {
    const split = splitGameResale(RESALE, BigInt(ROYALTY_BPS));
    const [listing] = await testDb.db.select().from(gamedChainListings);
    expect(listing).toMatchObject({
      status: 'sold',
      sellerAddress: lower(alice()),
      buyerAddress: lower(carol()),
      royaltyWei: split.royalty,
      stakersShareWei: split.stakers,
      treasuryShareWei: split.treasury,
      sellerProceedsWei: split.seller,
    });
    const rows = await testDb.db.select().from(revenueStreams).where(eq(revenueStreams.service, 'gamed'));
    expect(rows.map((row) => [row.streamType, row.amountFarWei]).sort()).toEqual(
      [
        ['gamed_resale', split.seller],
        ['gamed_royalty', split.royalty],
      ].sort(),
    );
    expect(published).toContainEqual({
      channel: 'revenue:updates',
      message: expect.objectContaining({ walletAddress: lower(studio()), streamType: 'gamed_royalty' }),
    });
  });

  it('settles after the window: shares on the purchase, a gamed_sale credit, withdrawals, and the service revenue', async () => {
    await bed.chain.increaseTime(15n * 24n * 3600n);
    await call(bob(), 'settle', [[1n, 2n]]);
    await call(studio(), 'withdraw', []);
    await follower().syncOnce();
    const share = splitGameSale(PRICE);
    const [settled] = await testDb.db
      .select()
      .from(gamedChainPurchases)
      .where(eq(gamedChainPurchases.purchaseId, '1'));
    expect(settled).toMatchObject({
      status: 'settled',
      studioShareWei: share.studio,
      stakersShareWei: share.stakers,
      treasuryShareWei: share.treasury,
    });
    const resale = splitGameResale(RESALE, BigInt(ROYALTY_BPS));
    const [withdrawal] = await testDb.db.select().from(gamedChainWithdrawals);
    expect(withdrawal?.amountWei).toBe(share.studio + resale.royalty);
    const sale = await testDb.db
      .select()
      .from(revenueStreams)
      .where(eq(revenueStreams.streamType, 'gamed_sale'));
    expect(sale.map((row) => row.amountFarWei)).toEqual([share.studio]);
    expect(await summarizeGamedRevenue(testDb.db, null)).toEqual({
      revenueFarWei: PRICE + resale.royalty + resale.stakers + resale.treasury,
      stakersFarWei: share.stakers + resale.stakers,
    });
  });

  it('rebuilds the mirror when the chain is not the one followed, without crediting anything twice', async () => {
    const before = {
      purchases: await testDb.db.select().from(gamedChainPurchases),
      holders: await testDb.db.select().from(gamedChainLicences),
      revenue: await testDb.db.select().from(revenueStreams).where(eq(revenueStreams.service, 'gamed')),
    };
    await testDb.db
      .update(chainCursors)
      .set({ deployBlockHash: `0x${'1'.repeat(64)}` })
      .where(like(chainCursors.name, 'gamed:%'));
    await follower().syncOnce();
    expect(await testDb.db.select().from(gamedChainPurchases)).toHaveLength(before.purchases.length);
    expect(await testDb.db.select().from(gamedChainLicences)).toEqual(before.holders);
    const revenue = await testDb.db.select().from(revenueStreams).where(eq(revenueStreams.service, 'gamed'));
    expect(revenue.map((row) => row.amountFarWei).sort()).toEqual(
      before.revenue.map((row) => row.amountFarWei).sort(),
    );
  });
});
