import {
  type Address,
  type ContractEventName,
  type GetEventArgs,
  type Hex,
  maxUint256,
  parseEventLogs,
  type TransactionReceipt,
} from 'viem';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { gameLicensesAbi } from '../../src/abi/gameLicensesAbi.js';
import { revenueSourceId } from '../../src/revenueSourceId.js';
import { deployFixture, type Fixture } from './deployFixture.js';

export const DAY = 24n * 3600n;
export const REFUND_WINDOW = 14n * DAY;

/** The first event named `eventName` in a GameLicenses receipt (throws when there is none). */
export function eventOf<const name extends ContractEventName<typeof gameLicensesAbi>>(
  receipt: TransactionReceipt,
  eventName: name,
): GetEventArgs<typeof gameLicensesAbi, name, { EnableUnion: false; IndexedOnly: false; Required: true }> {
  const [log] = parseEventLogs({ abi: gameLicensesAbi, eventName, logs: receipt.logs });
  if (!log) throw new Error(`no ${eventName} in ${receipt.transactionHash}`);
  // parseEventLogs types a generic name's args as the union of all events; the filter made it this one.
  return log.args as GetEventArgs<
    typeof gameLicensesAbi,
    name,
    { EnableUnion: false; IndexedOnly: false; Required: true }
  >;
}

/**
 * A fresh deployment for GameLicenses' tests: the studio (user 0) and players alice, bob and carol
 * (users 1–3) have approved GameLicenses for all their FAR; `f.treasury` is the treasury.
 * @returns the fixture, the contract, the accounts and GameLicenses' calls as one-liners.
 */
export async function deployGameLicensesFixture(fixture?: Fixture) {
  const f = fixture ?? (await deployFixture());
  const address = f.deployed.serviceContracts.gameLicenses;
  if (!address) throw new Error('deployContracts deployed no GameLicenses');
  const licenses = { address, abi: gameLicensesAbi } as const;
  const [studio, alice, bob, carol] = [f.user(0), f.user(1), f.user(2), f.user(3)];
  for (const account of [studio, alice, bob, carol]) await f.approve(account, address, maxUint256);
  const read = f.read;
  const actions = {
    register: async (price: bigint, royaltyBps = 500, soulbound = false, from: Address = studio) =>
      eventOf(
        await f.write(from, {
          ...licenses,
          functionName: 'registerGame',
          args: [price, royaltyBps, soulbound, 'ipfs://game'],
        }),
        'GameRegistered',
      ).gameId,
    buy: async (buyer: Address, gameId: bigint, maxPrice: bigint) =>
      eventOf(
        await f.write(buyer, { ...licenses, functionName: 'buy', args: [gameId, maxPrice] }),
        'LicensePurchased',
      ).purchaseId,
    refund: (buyer: Address, purchaseId: bigint) =>
      f.write(buyer, { ...licenses, functionName: 'refund', args: [purchaseId] }),
    settle: (purchaseIds: bigint[], from: Address = carol) =>
      f.write(from, { ...licenses, functionName: 'settle', args: [purchaseIds] }),
    withdraw: (from: Address = studio) => f.write(from, { ...licenses, functionName: 'withdraw' }),
    list: async (seller: Address, gameId: bigint, price: bigint) =>
      eventOf(await f.write(seller, { ...licenses, functionName: 'list', args: [gameId, price] }), 'Listed')
        .listingId as bigint,
    buyListing: (buyer: Address, listingId: bigint, maxPrice: bigint) =>
      f.write(buyer, { ...licenses, functionName: 'buyListing', args: [listingId, maxPrice] }),
    licenceCount: (holder: Address, gameId: bigint) =>
      read({ ...licenses, functionName: 'balanceOf', args: [holder, gameId] }),
    studioBalance: (account: Address = studio) =>
      read({ ...licenses, functionName: 'studioBalance', args: [account] }),
    gamedRevenue: () =>
      read({ ...f.staking, functionName: 'revenueBySource', args: [revenueSourceId('gamed') as Hex] }),
    /** Moves the chain past the refund window of a purchase made now. */
    passRefundWindow: () => f.chain.increaseTime(REFUND_WINDOW),
  };
  return { f, licenses, studio, alice, bob, carol, ...actions };
}

export type GameLicensesTestbed = Awaited<ReturnType<typeof deployGameLicensesFixture>>;

/**
 * Deploys the GameLicenses fixture once for the calling `describe` (handing it to `onDeployed`) and
 * reverts the chain to a snapshot after every test, so each test starts from the same state.
 */
export function useGameLicensesTestbed(onDeployed: (testbed: GameLicensesTestbed) => void) {
  let testbed: GameLicensesTestbed;
  let snapshot: Hex;
  beforeAll(async () => {
    testbed = await deployGameLicensesFixture();
    onDeployed(testbed);
  });
  beforeEach(async () => {
    snapshot = await testbed.f.chain.snapshot();
  });
  afterEach(async () => {
    await testbed.f.chain.revert(snapshot);
  });
}
