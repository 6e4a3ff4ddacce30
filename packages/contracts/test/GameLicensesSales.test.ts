import { parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { farTokenDomain } from '../src/farTokenDomain.js';
import { signPermit } from '../src/signPermit.js';
import { splitGameSale } from '../src/splitGameSale.js';
import { expectRevert } from './support/deployFixture.js';
import {
  eventOf,
  type GameLicensesTestbed,
  REFUND_WINDOW,
  useGameLicensesTestbed,
} from './support/gameLicensesTestbed.js';

/*
 * Primary sales: the whole price is held for the refund window; a refund inside it returns exactly the
 * price and burns the licence; after it, settlement splits studio / stakers / treasury to the wei and the
 * studio withdraws only what is settled.
 */
describe('GameLicenses sales', () => {
  let t: GameLicensesTestbed;
  useGameLicensesTestbed((testbed) => {
    t = testbed;
  });
  const price = parseEther('19.99');

  it('holds the whole price, mints one licence and records the refund deadline', async () => {
    const gameId = await t.register(price);
    const before = await t.f.balanceOf(t.alice);
    const receipt = await t.f.write(t.alice, { ...t.licenses, functionName: 'buy', args: [gameId, price] });
    const bought = eventOf(receipt, 'LicensePurchased');
    const block = await t.f.chain.publicClient.getBlock({ blockNumber: receipt.blockNumber });
    expect(bought).toMatchObject({
      gameId,
      buyer: t.alice,
      price,
      refundableUntil: block.timestamp + REFUND_WINDOW,
    });
    expect(await t.f.balanceOf(t.alice)).toBe(before - price);
    expect(await t.licenceCount(t.alice, gameId)).toBe(1n);
    expect(await t.f.read({ ...t.licenses, functionName: 'heldBalance' })).toBe(price);
    expect(await t.f.balanceOf(t.licenses.address)).toBe(price);
  });

  it('refuses a buyer whose maxPrice is below the price, and a stale maxPrice after a price rise', async () => {
    const gameId = await t.register(price);
    await expectRevert(t.buy(t.alice, gameId, price - 1n), 'PriceTooHigh');
    await t.f.write(t.studio, { ...t.licenses, functionName: 'setPrice', args: [gameId, price * 2n] });
    await expectRevert(t.buy(t.alice, gameId, price), 'PriceTooHigh');
    expect(await t.licenceCount(t.alice, gameId)).toBe(0n);
  });

  it('sells one licence per wallet', async () => {
    const gameId = await t.register(price);
    await t.buy(t.alice, gameId, price);
    await expectRevert(t.buy(t.alice, gameId, price), 'AlreadyLicensed');
  });

  it('buys with a permit in one transaction, without a prior approve', async () => {
    const gameId = await t.register(price);
    const buyer = t.f.user(5);
    const nonce = await t.f.read({ ...t.f.token, functionName: 'nonces', args: [buyer] });
    const deadline = (await t.f.chain.latestTimestamp()) + 3600n;
    const permit = await signPermit(
      t.f.chain.walletFor(buyer).signTypedData,
      farTokenDomain(31337, t.f.token.address),
      { owner: buyer, spender: t.licenses.address, value: price, nonce, deadline },
    );
    await t.f.write(buyer, {
      ...t.licenses,
      functionName: 'buyWithPermit',
      args: [gameId, price, permit.deadline, permit.v, permit.r, permit.s],
    });
    expect(await t.licenceCount(buyer, gameId)).toBe(1n);
  });

  it('refunds exactly the price inside the window and burns the licence', async () => {
    const gameId = await t.register(price);
    const before = await t.f.balanceOf(t.alice);
    const purchaseId = await t.buy(t.alice, gameId, price);
    await t.f.chain.increaseTime(REFUND_WINDOW - 60n);
    const refunded = eventOf(await t.refund(t.alice, purchaseId), 'LicenseRefunded');
    expect(refunded).toMatchObject({ purchaseId, gameId, buyer: t.alice, price });
    expect(await t.f.balanceOf(t.alice)).toBe(before);
    expect(await t.licenceCount(t.alice, gameId)).toBe(0n);
    expect(await t.f.balanceOf(t.licenses.address)).toBe(0n);
  });

  it('refuses a refund after the window, a second refund, and a refund by someone else', async () => {
    const gameId = await t.register(price);
    const late = await t.buy(t.alice, gameId, price);
    const twice = await t.buy(t.bob, gameId, price);
    await expectRevert(t.refund(t.carol, twice), 'NotBuyer');
    await t.refund(t.bob, twice);
    await expectRevert(t.refund(t.bob, twice), 'NotRefundable');
    await t.passRefundWindow();
    await expectRevert(t.refund(t.alice, late), 'RefundWindowClosed');
    expect(await t.licenceCount(t.alice, gameId)).toBe(1n);
  });

  it('does not let the studio withdraw held funds, nor settle inside the window', async () => {
    const gameId = await t.register(price);
    const purchaseId = await t.buy(t.alice, gameId, price);
    await expectRevert(t.withdraw(), 'NothingToWithdraw');
    await expectRevert(t.settle([purchaseId]), 'NothingToSettle');
    expect(await t.studioBalance()).toBe(0n);
  });

  it('settles after the window: studio, stakers (FARStaking, source gamed) and treasury exact to the wei', async () => {
    const odd = 1_234_567_891_234_567_891n;
    const gameId = await t.register(odd);
    const ids = [await t.buy(t.alice, gameId, odd), await t.buy(t.bob, gameId, odd)];
    await t.passRefundWindow();
    const treasuryBefore = await t.f.balanceOf(t.f.treasury);
    const stakingBefore = await t.f.balanceOf(t.f.staking.address);
    const receipt = await t.settle([...ids, ids[0] as bigint, 999n]);
    const share = splitGameSale(odd);
    expect(share.studio + share.stakers + share.treasury).toBe(odd);
    expect(eventOf(receipt, 'PurchaseSettled')).toMatchObject({
      studio: t.studio,
      studioShare: share.studio,
      stakersShare: share.stakers,
      treasuryShare: share.treasury,
    });
    expect(await t.studioBalance()).toBe(2n * share.studio);
    expect(await t.gamedRevenue()).toBe(2n * share.stakers);
    expect((await t.f.balanceOf(t.f.staking.address)) - stakingBefore).toBe(2n * share.stakers);
    expect((await t.f.balanceOf(t.f.treasury)) - treasuryBefore).toBe(2n * share.treasury);
    const studioBefore = await t.f.balanceOf(t.studio);
    await t.withdraw();
    expect((await t.f.balanceOf(t.studio)) - studioBefore).toBe(2n * share.studio);
    expect(await t.f.balanceOf(t.licenses.address)).toBe(0n);
    await expectRevert(t.withdraw(), 'NothingToWithdraw');
    await expectRevert(t.refund(t.alice, ids[0] as bigint), 'NotRefundable');
  });

  it('settles a purchase under the fee it was bought with, not a fee set later', async () => {
    const gameId = await t.register(10_000n);
    const purchaseId = await t.buy(t.alice, gameId, 10_000n);
    await t.f.write(t.f.admin, { ...t.licenses, functionName: 'setPlatformFee', args: [3_000, 3_000] });
    await t.passRefundWindow();
    await t.settle([purchaseId]);
    expect(await t.studioBalance()).toBe(9_000n);
    expect(await t.gamedRevenue()).toBe(500n);
  });

  it('bounds the owner settings and keeps them to the owner', async () => {
    await expectRevert(
      t.f.write(t.f.admin, { ...t.licenses, functionName: 'setPlatformFee', args: [3_001, 0] }),
      'InvalidFee',
    );
    await expectRevert(
      t.f.write(t.f.admin, { ...t.licenses, functionName: 'setPlatformFee', args: [1_000, 1_001] }),
      'InvalidFee',
    );
    await expectRevert(
      t.f.write(t.f.admin, { ...t.licenses, functionName: 'setRefundWindow', args: [31n * 24n * 3600n] }),
      'InvalidRefundWindow',
    );
    await expectRevert(
      t.f.write(t.alice, { ...t.licenses, functionName: 'setRefundWindow', args: [3600n] }),
      'OwnableUnauthorizedAccount',
    );
  });

  it('lets a free game be claimed once per wallet and refunded without moving FAR', async () => {
    const gameId = await t.register(0n);
    const purchaseId = await t.buy(t.alice, gameId, 0n);
    await t.refund(t.alice, purchaseId);
    expect(await t.licenceCount(t.alice, gameId)).toBe(0n);
  });
});
