import {
  type Abi,
  type Address,
  type Hex,
  parseEther,
  parseEventLogs,
  type TransactionReceipt,
  zeroAddress,
} from 'viem';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readArtifact } from '../scripts/contractArtifacts.js';
import { farStakingAbi } from '../src/abi/farStakingAbi.js';
import { inferencePaymentAbi } from '../src/abi/inferencePaymentAbi.js';
import { priceFeedAbi } from '../src/abi/priceFeedAbi.js';
import { farStakingBytecode } from '../src/bytecode/farStakingBytecode.js';
import { inferencePaymentBytecode } from '../src/bytecode/inferencePaymentBytecode.js';
import { priceFeedBytecode } from '../src/bytecode/priceFeedBytecode.js';
import { FAR_ROLES } from '../src/farRoles.js';
import { revenueSourceId } from '../src/revenueSourceId.js';
import { spendingAuthorizationDomain } from '../src/spendingAuthorizationDomain.js';
import { spendingAuthorizationTypes } from '../src/spendingAuthorizationTypes.js';
import {
  deployFixture,
  expectRevert,
  type Fixture,
  taskId,
  type WriteArgs,
  type WriteFunctionName,
} from './support/deployFixture.js';

const eventsOf = (abi: Abi, receipt: TransactionReceipt) =>
  parseEventLogs({ abi, logs: receipt.logs }).map((log) => log.eventName);

describe('events for every change, and constructor / feed edge cases', () => {
  let f: Fixture;
  let alice: Address;
  let node: Address;
  let snapshot: Hex;

  beforeAll(async () => {
    f = await deployFixture();
    [alice, node] = f.users as [Address, Address];
    await f.approve(alice, f.payment.address, parseEther('1000'));
    await f.approve(alice, f.staking.address, parseEther('1000'));
    await f.approve(f.admin, f.staking.address, parseEther('1000'));
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });

  it('InferencePayment emits one named event per state change', async () => {
    const pay = <name extends WriteFunctionName<typeof inferencePaymentAbi>>(
      from: Address,
      functionName: name,
      args?: WriteArgs<typeof inferencePaymentAbi, name>,
    ) => f.send(f.payment, from, functionName, args);
    const expectEvent = async (receipt: Promise<TransactionReceipt>, name: string) =>
      expect(eventsOf(inferencePaymentAbi, await receipt)).toContain(name);

    await expectEvent(pay(f.coordinator, 'registerNode', [node]), 'NodeRegistered');
    await expectEvent(pay(f.coordinator, 'updateNodeRating', [node, 90n]), 'NodeRatingUpdated');
    await expectEvent(pay(alice, 'deposit', [parseEther('10')]), 'Deposited');
    await expectEvent(pay(alice, 'createTask', [taskId(1), 100n]), 'TaskCreated');
    await expectEvent(pay(f.coordinator, 'completeTask', [taskId(1), node, 100n, 80n]), 'TaskCompleted');
    await expectEvent(pay(node, 'withdrawEarnings', [10n]), 'EarningsWithdrawn');
    await expectEvent(pay(alice, 'withdrawTreasury'), 'TreasuryWithdrawn');
    await expectEvent(pay(alice, 'flushStakerRevenue'), 'StakerRevenueFlushed');
    await pay(alice, 'createTask', [taskId(2), 100n]);
    await f.chain.increaseTime(3600n);
    await expectEvent(pay(alice, 'refundTask', [taskId(2)]), 'TaskRefunded');
    const authorization = {
      user: alice,
      cap: 50n,
      expiry: (await f.chain.latestTimestamp()) + 86_400n,
      nonce: 1n,
    };
    const signature = await f.chain.walletFor(alice).signTypedData({
      domain: spendingAuthorizationDomain(31337, f.payment.address),
      types: spendingAuthorizationTypes,
      primaryType: 'SpendingAuthorization',
      message: authorization,
    });
    await expectEvent(
      pay(f.coordinator, 'acceptSpendingAuthorization', [authorization, signature]),
      'SpendingAuthorized',
    );
    await expectEvent(pay(f.coordinator, 'settleBatch', [1n, [], [], 0n, 0n, []]), 'BatchSettled');
    await expectEvent(pay(alice, 'revokeSpendingAuthorization', [0n]), 'SpendingAuthorizationRevoked');
    await f.chain.increaseTime(3601n);
    await expectEvent(pay(alice, 'withdraw', [1n]), 'Withdrawn');
    await expectEvent(pay(f.coordinator, 'deactivateNode', [node]), 'NodeDeactivated');
    await expectEvent(pay(f.admin, 'setTreasury', [alice]), 'TreasuryUpdated');
    await expectEvent(pay(f.admin, 'setPriceFeed', [f.feed.address]), 'PriceFeedUpdated');
    await expectEvent(pay(f.admin, 'setMaxPriceAge', [60n]), 'MaxPriceAgeUpdated');
    await expectEvent(pay(f.admin, 'setTaskTimeout', [60n]), 'TaskTimeoutUpdated');
    await expectEvent(pay(f.admin, 'setRevocationGracePeriod', [60n]), 'RevocationGracePeriodUpdated');
  });

  it('FARStaking emits one named event per state change', async () => {
    const stake = <name extends WriteFunctionName<typeof farStakingAbi>>(
      from: Address,
      functionName: name,
      args?: WriteArgs<typeof farStakingAbi, name>,
    ) => f.send(f.staking, from, functionName, args);
    const expectEvent = async (receipt: Promise<TransactionReceipt>, name: string) =>
      expect(eventsOf(farStakingAbi, await receipt)).toContain(name);
    await expectEvent(stake(f.admin, 'fundReserve', [parseEther('10')]), 'ReserveFunded');
    await expectEvent(stake(alice, 'stake', [parseEther('10'), 0]), 'Staked');
    await f.chain.increaseTime(10n);
    await expectEvent(stake(alice, 'claimRewards'), 'RewardsClaimed');
    await expectEvent(stake(alice, 'unstake', [0n, parseEther('10')]), 'Unstaked');
    await expectEvent(stake(f.admin, 'withdrawReserve', [f.admin, 1n]), 'ReserveWithdrawn');
    await expectEvent(stake(f.admin, 'setRewardRate', [5n]), 'RewardRateUpdated');
    await expectEvent(stake(f.admin, 'setRevenueDuration', [5n]), 'RevenueDurationUpdated');
    await expectEvent(
      stake(f.admin, 'setRevenueSource', [f.admin, revenueSourceId('inference')]),
      'RevenueSourceUpdated',
    );
    await expectEvent(stake(f.admin, 'notifyRevenue', [1n]), 'RevenueNotified');
    await expectEvent(stake(f.admin, 'removeRevenueSource', [f.admin]), 'RevenueSourceUpdated');
    await expectEvent(stake(f.admin, 'pause'), 'Paused');
    await expectEvent(stake(f.admin, 'unpause'), 'Unpaused');
    await expectEvent(stake(f.admin, 'grantRole', [FAR_ROLES.operator, alice]), 'RoleGranted');
    await expectEvent(stake(alice, 'renounceRole', [FAR_ROLES.operator, alice]), 'RoleRevoked');
  });

  it('constructors reject zero addresses, zero durations and rates above 100%', async () => {
    const wallet = f.chain.walletFor(f.admin);
    const deploy = (abi: Abi, bytecode: Hex, args: unknown[]) =>
      wallet.deployContract({ abi, bytecode, args });
    await expect(deploy(farStakingAbi, farStakingBytecode, [zeroAddress, f.admin, 0n, 1n])).rejects.toThrow(
      /ZeroAddress/,
    );
    await expect(
      deploy(farStakingAbi, farStakingBytecode, [f.token.address, f.admin, 10_001n, 1n]),
    ).rejects.toThrow(/RewardRateTooHigh/);
    await expect(
      deploy(farStakingAbi, farStakingBytecode, [f.token.address, f.admin, 0n, 0n]),
    ).rejects.toThrow(/InvalidRevenueDuration/);
    const paymentArgs = [f.token.address, f.staking.address, f.treasury, f.feed.address, f.admin, 60n, 60n];
    for (const index of [0, 1, 2, 3, 4]) {
      const args = [...paymentArgs];
      args[index] = zeroAddress;
      await expect(deploy(inferencePaymentAbi, inferencePaymentBytecode, args)).rejects.toThrow(
        /ZeroAddress/,
      );
    }
    for (const index of [5, 6]) {
      const args = [...paymentArgs];
      args[index] = 0n;
      await expect(deploy(inferencePaymentAbi, inferencePaymentBytecode, args)).rejects.toThrow(
        /InvalidDuration/,
      );
    }
  });

  it('an empty AdminPriceFeed has no round; getLatestPrice then reverts', async () => {
    const hash = await f.chain.walletFor(f.admin).deployContract({
      abi: priceFeedAbi,
      bytecode: priceFeedBytecode,
      args: [f.admin, 0n, 1n, 10n ** 12n, 0n],
    });
    const feed = (await f.chain.publicClient.waitForTransactionReceipt({ hash })).contractAddress as Address;
    await expectRevert(
      f.read({ address: feed, abi: priceFeedAbi, functionName: 'latestRoundData' }),
      'RoundNotFound',
    );
    await f.write(f.admin, { ...f.payment, functionName: 'setPriceFeed', args: [feed] });
    await expectRevert(f.read({ ...f.payment, functionName: 'getLatestPrice' }), 'RoundNotFound');
  });

  it('getLatestPrice rejects incomplete and carried-over Chainlink rounds', async () => {
    const artifact = await readArtifact('testing/MockAggregatorV3', 'MockAggregatorV3');
    const hash = await f.chain.walletFor(f.admin).deployContract({
      abi: artifact.abi as unknown as Abi,
      bytecode: artifact.bytecode as Hex,
      args: [],
    });
    const mock = {
      address: (await f.chain.publicClient.waitForTransactionReceipt({ hash })).contractAddress as Address,
      abi: artifact.abi as unknown as Abi,
    };
    await f.write(f.admin, { ...f.payment, functionName: 'setPriceFeed', args: [mock.address] });
    const now = await f.chain.latestTimestamp();
    const setRound = (round: bigint, answer: bigint, updatedAt: bigint, answeredIn: bigint) =>
      f.write(f.admin, {
        ...mock,
        functionName: 'setRound',
        args: [round, answer, updatedAt, answeredIn],
      });
    await setRound(5n, 123n, now, 5n);
    expect(await f.read({ ...f.payment, functionName: 'getLatestPrice' })).toBe(123n);
    await setRound(5n, 123n, 0n, 5n);
    await expectRevert(f.read({ ...f.payment, functionName: 'getLatestPrice' }), 'StalePrice');
    await setRound(5n, 123n, now, 4n);
    await expectRevert(f.read({ ...f.payment, functionName: 'getLatestPrice' }), 'StalePrice');
    await setRound(5n, -1n, now, 5n);
    await expectRevert(f.read({ ...f.payment, functionName: 'getLatestPrice' }), 'InvalidPrice');
  });
});
