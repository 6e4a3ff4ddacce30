import { type Address, encodeFunctionData, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { readArtifact } from '../scripts/contractArtifacts.js';
import { gameLicensesAbi } from '../src/abi/gameLicensesAbi.js';
import { expectRevert } from './support/deployFixture.js';
import { type GameLicensesTestbed, useGameLicensesTestbed } from './support/gameLicensesTestbed.js';

/*
 * A contract wallet is called back (onERC1155Received) whenever GameLicenses hands it a licence: on a
 * purchase and on a marketplace sale. From there it tries every money path again; the guard refuses all.
 */
describe('GameLicenses reentrancy', () => {
  let t: GameLicensesTestbed;
  useGameLicensesTestbed((testbed) => {
    t = testbed;
  });
  const price = parseEther('5');
  const call = (functionName: string, args: readonly unknown[]) =>
    encodeFunctionData({ abi: gameLicensesAbi, functionName, args } as never);

  async function deployAttacker() {
    const artifact = await readArtifact('testing/ReentrantLicenseHolder', 'ReentrantLicenseHolder');
    const hash = await t.f.chain.walletFor(t.carol).deployContract({
      abi: artifact.abi,
      bytecode: artifact.bytecode as `0x${string}`,
      args: [t.licenses.address, t.f.token.address],
    });
    const { contractAddress } = await t.f.chain.publicClient.waitForTransactionReceipt({ hash });
    const address = contractAddress as Address;
    await t.f.write(t.f.admin, {
      ...t.f.token,
      functionName: 'transfer',
      args: [address, parseEther('1000')],
    });
    const act = (data: `0x${string}`) =>
      t.f.write(t.carol, { address, abi: artifact.abi, functionName: 'act', args: [data] } as never);
    const setReentry = (data: `0x${string}`) =>
      t.f.write(t.carol, { address, abi: artifact.abi, functionName: 'setReentry', args: [data] } as never);
    return { address, act, setReentry };
  }

  it('refuses a second purchase, a refund, a withdraw and a settle from inside the purchase callback', async () => {
    const gameId = await t.register(price);
    const other = await t.register(price);
    const held = await t.buy(t.alice, gameId, price);
    const { address, act, setReentry } = await deployAttacker();
    for (const reentry of [
      call('buy', [other, price]),
      call('refund', [1n]),
      call('withdraw', []),
      call('settle', [[held]]),
      call('buyListing', [1n, price]),
    ]) {
      await setReentry(reentry);
      await expectRevert(act(call('buy', [gameId, price])), 'ReentrancyGuardReentrantCall');
    }
    expect(await t.licenceCount(address, gameId)).toBe(0n);
    expect(await t.f.balanceOf(t.licenses.address)).toBe(price);
  });

  it('refuses a refund of the attacker’s own purchase from inside a marketplace sale callback', async () => {
    const gameId = await t.register(price);
    const other = await t.register(price);
    const { address, act, setReentry } = await deployAttacker();
    await act(call('buy', [other, price]));
    await t.buy(t.alice, gameId, price);
    const listingId = await t.list(t.alice, gameId, price);
    await setReentry(call('refund', [1n]));
    await expectRevert(act(call('buyListing', [listingId, price])), 'ReentrancyGuardReentrantCall');
    expect(await t.licenceCount(address, other)).toBe(1n);
  });

  it('lets a well-behaved contract wallet buy and refund', async () => {
    const gameId = await t.register(price);
    const { address, act } = await deployAttacker();
    const before = await t.f.balanceOf(address);
    await act(call('buy', [gameId, price]));
    expect(await t.licenceCount(address, gameId)).toBe(1n);
    await act(call('refund', [1n]));
    expect(await t.f.balanceOf(address)).toBe(before);
  });
});
