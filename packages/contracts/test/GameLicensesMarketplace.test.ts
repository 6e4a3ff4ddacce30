import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { splitGameResale } from '../src/splitGameSale.js';
import { expectRevert } from './support/deployFixture.js';
import { eventOf, type GameLicensesTestbed, useGameLicensesTestbed } from './support/gameLicensesTestbed.js';

/*
 * Resale: the marketplace is the only way a licence changes hands, so the studio's royalty and the
 * platform fee cannot be bypassed, and soulbound licences never move.
 */
describe('GameLicenses marketplace', () => {
  let t: GameLicensesTestbed;
  useGameLicensesTestbed((testbed) => {
    t = testbed;
  });
  const price = parseEther('20');
  const resale = 1_000_000_000_000_000_003n;

  async function aliceListsALicence(royaltyBps = 500, soulbound = false) {
    const gameId = await t.register(price, royaltyBps, soulbound);
    const purchaseId = await t.buy(t.alice, gameId, price);
    return { gameId, purchaseId };
  }

  it('pays the royalty to the studio, the fee to stakers and treasury, the rest to the seller, and moves the licence', async () => {
    const { gameId } = await aliceListsALicence(750);
    const listingId = await t.list(t.alice, gameId, resale);
    const [aliceBefore, bobBefore, treasuryBefore] = await Promise.all([
      t.f.balanceOf(t.alice),
      t.f.balanceOf(t.bob),
      t.f.balanceOf(t.f.treasury),
    ]);
    const sold = eventOf(await t.buyListing(t.bob, listingId, resale), 'ListingSold');
    const split = splitGameResale(resale, 750n);
    expect(sold).toMatchObject({
      listingId,
      gameId,
      buyer: t.bob,
      seller: t.alice,
      price: resale,
      royalty: split.royalty,
      stakersShare: split.stakers,
      treasuryShare: split.treasury,
      sellerProceeds: split.seller,
    });
    expect((await t.f.balanceOf(t.alice)) - aliceBefore).toBe(split.seller);
    expect(bobBefore - (await t.f.balanceOf(t.bob))).toBe(resale);
    expect((await t.f.balanceOf(t.f.treasury)) - treasuryBefore).toBe(split.treasury);
    expect(await t.studioBalance()).toBe(split.royalty);
    expect(await t.gamedRevenue()).toBe(split.stakers);
    expect(await t.licenceCount(t.alice, gameId)).toBe(0n);
    expect(await t.licenceCount(t.bob, gameId)).toBe(1n);
    // The royalty is final and withdrawable at once, while alice's purchase is still held.
    await t.withdraw();
    expect(await t.f.balanceOf(t.licenses.address)).toBe(price);
  });

  it('refuses a plain transfer between holders (no royalty bypass), even with approval', async () => {
    const { gameId } = await aliceListsALicence();
    await t.f.write(t.alice, { ...t.licenses, functionName: 'setApprovalForAll', args: [t.bob, true] });
    await expectRevert(
      t.f.write(t.alice, {
        ...t.licenses,
        functionName: 'safeTransferFrom',
        args: [t.alice, t.bob, gameId, 1n, '0x'],
      }),
      'TransferOutsideMarketplace',
    );
    await expectRevert(
      t.f.write(t.bob, {
        ...t.licenses,
        functionName: 'safeBatchTransferFrom',
        args: [t.alice, t.bob, [gameId], [1n], '0x'],
      }),
      'TransferOutsideMarketplace',
    );
    expect(await t.licenceCount(t.alice, gameId)).toBe(1n);
  });

  it('never lists or transfers a soulbound licence', async () => {
    const { gameId } = await aliceListsALicence(0, true);
    await expectRevert(t.list(t.alice, gameId, 1n), 'Soulbound');
    await expectRevert(
      t.f.write(t.alice, {
        ...t.licenses,
        functionName: 'safeTransferFrom',
        args: [t.alice, t.bob, gameId, 1n, '0x'],
      }),
      'TransferOutsideMarketplace',
    );
  });

  it('refuses a refund after reselling, and the new holder cannot refund a purchase that is not theirs', async () => {
    const { gameId, purchaseId } = await aliceListsALicence();
    await t.buyListing(t.bob, await t.list(t.alice, gameId, resale), resale);
    await expectRevert(t.refund(t.alice, purchaseId), 'LicenseNotHeld');
    await expectRevert(t.refund(t.bob, purchaseId), 'NotBuyer');
  });

  it('closes the seller’s listing when they refund, so nobody buys a burnt licence', async () => {
    const { gameId, purchaseId } = await aliceListsALicence();
    const listingId = await t.list(t.alice, gameId, resale);
    await t.refund(t.alice, purchaseId);
    await expectRevert(t.buyListing(t.bob, listingId, resale), 'ListingNotOpen');
  });

  it('refuses a listing price above maxPrice, a buyer who already holds one, a second listing, a non-holder', async () => {
    const { gameId } = await aliceListsALicence();
    const listingId = await t.list(t.alice, gameId, resale);
    await expectRevert(t.buyListing(t.bob, listingId, resale - 1n), 'PriceTooHigh');
    await t.buy(t.carol, gameId, price);
    await expectRevert(t.buyListing(t.carol, listingId, resale), 'AlreadyLicensed');
    await expectRevert(t.buyListing(t.alice, listingId, resale), 'AlreadyLicensed');
    await expectRevert(t.list(t.alice, gameId, 1n), 'AlreadyListed');
    await expectRevert(t.list(t.bob, gameId, 1n), 'LicenseNotHeld');
  });

  it('lets only the seller cancel, and a cancelled listing cannot be bought', async () => {
    const { gameId } = await aliceListsALicence();
    const listingId = await t.list(t.alice, gameId, resale);
    await expectRevert(
      t.f.write(t.bob, { ...t.licenses, functionName: 'cancelListing', args: [listingId] }),
      'NotSeller',
    );
    await t.f.write(t.alice, { ...t.licenses, functionName: 'cancelListing', args: [listingId] });
    await expectRevert(t.buyListing(t.bob, listingId, resale), 'ListingNotOpen');
    await t.list(t.alice, gameId, resale);
  });
});
