import { type Address, keccak256, parseEther, toHex, zeroAddress } from 'viem';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { inferencePaymentAbi } from '../src/abi/inferencePaymentAbi.js';
import { farTokenDomain } from '../src/farTokenDomain.js';
import { signPermit } from '../src/signPermit.js';
import { splitRevenue } from '../src/splitRevenue.js';
import {
  deployFixture,
  expectRevert,
  type Fixture,
  taskId,
  type WriteArgs,
  type WriteFunctionName,
} from './support/deployFixture.js';

const HOUR = 3600n;

describe('InferencePayment: balances, per-task settlement, nodes, price, admin', () => {
  let f: Fixture;
  let alice: Address;
  let bob: Address;
  let node: Address;
  let snapshot: `0x${string}`;

  beforeAll(async () => {
    f = await deployFixture();
    [alice, bob, node] = f.users as [Address, Address, Address];
    for (const user of [alice, bob]) await f.approve(user, f.payment.address, parseEther('1000000'));
    await f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [node] });
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });

  const deposit = (user: Address, amount: bigint) =>
    f.write(user, { ...f.payment, functionName: 'deposit', args: [amount] });
  const withdraw = (user: Address, amount: bigint) =>
    f.write(user, { ...f.payment, functionName: 'withdraw', args: [amount] });
  const createTask = (user: Address, id: number, amount: bigint) =>
    f.write(user, { ...f.payment, functionName: 'createTask', args: [taskId(id), amount] });
  const completeTask = (
    id: number,
    nodeAddress: Address,
    cost: bigint,
    score: bigint,
    from = f.coordinator,
  ) =>
    f.write(from, {
      ...f.payment,
      functionName: 'completeTask',
      args: [taskId(id), nodeAddress, cost, score],
    });
  const balanceIn = (user: Address) =>
    f.read({ ...f.payment, functionName: 'userBalances', args: [user] }) as Promise<bigint>;
  const nodeInfo = async (address: Address) => {
    const [credit, totalEarned, tasksCompleted, reliability, active] = await f.read({
      ...f.payment,
      functionName: 'nodes',
      args: [address],
    });
    return { credit, totalEarned, tasksCompleted, reliability, active };
  };

  describe('deposit and withdraw', () => {
    it('moves FAR into the escrow balance and back out', async () => {
      const receipt = await deposit(alice, parseEther('100'));
      expect(receipt.logs.length).toBe(2);
      expect(await balanceIn(alice)).toBe(parseEther('100'));
      expect(await f.balanceOf(f.payment.address)).toBe(parseEther('100'));
      await withdraw(alice, parseEther('40'));
      expect(await balanceIn(alice)).toBe(parseEther('60'));
      expect(await f.balanceOf(alice)).toBe(parseEther('999940'));
    });

    it('rejects zero amounts, overdrafts and unapproved deposits', async () => {
      await expectRevert(deposit(alice, 0n), 'ZeroAmount');
      await expectRevert(withdraw(alice, 0n), 'ZeroAmount');
      await deposit(alice, 10n);
      await expectRevert(withdraw(alice, 11n), 'InsufficientBalance');
      await expectRevert(deposit(f.user(5), 10n), 'ERC20InsufficientAllowance');
    });

    it('deposits with an EIP-2612 permit', async () => {
      const carol = f.user(6);
      const deadline = (await f.chain.latestTimestamp()) + HOUR;
      const { v, r, s } = await signPermit(
        f.chain.walletFor(carol).signTypedData,
        farTokenDomain(31337, f.token.address),
        { owner: carol, spender: f.payment.address, value: 77n, nonce: 0n, deadline },
      );
      await f.write(carol, {
        ...f.payment,
        functionName: 'depositWithPermit',
        args: [77n, deadline, v, r, s],
      });
      expect(await balanceIn(carol)).toBe(77n);
    });
  });

  describe('createTask / completeTask / refundTask', () => {
    it('escrows the estimate, charges the actual cost, refunds the rest and credits the split', async () => {
      await deposit(alice, parseEther('10'));
      await createTask(alice, 1, parseEther('4'));
      expect(await balanceIn(alice)).toBe(parseEther('6'));
      const receipt = await completeTask(1, node, parseEther('3'), 90n);
      expect(receipt.logs).toHaveLength(1);
      const split = splitRevenue(parseEther('3'), 90);
      expect(await balanceIn(alice)).toBe(parseEther('7'));
      expect(await nodeInfo(node)).toEqual({
        credit: split.node,
        totalEarned: split.node,
        tasksCompleted: 1,
        reliability: 85,
        active: true,
      });
      expect(await f.read({ ...f.payment, functionName: 'treasuryBalance' })).toBe(split.treasury);
      expect(await f.read({ ...f.payment, functionName: 'pendingStakerRevenue' })).toBe(split.stakers);
      const [user, , status, escrow, servedBy] = await f.read({
        ...f.payment,
        functionName: 'tasks',
        args: [taskId(1)],
      });
      expect({ user, status, escrow, servedBy }).toEqual({
        user: alice,
        status: 2,
        escrow: parseEther('4'),
        servedBy: node,
      });
    });

    it('rejects duplicate ids, zero and unfunded estimates', async () => {
      await deposit(alice, 10n);
      await createTask(alice, 1, 5n);
      await expectRevert(createTask(alice, 1, 1n), 'TaskAlreadyExists');
      await expectRevert(createTask(bob, 1, 1n), 'TaskAlreadyExists');
      await expectRevert(createTask(alice, 2, 0n), 'ZeroAmount');
      await expectRevert(createTask(alice, 2, 6n), 'InsufficientBalance');
    });

    it('completes only open tasks, for active nodes, by the oracle', async () => {
      await deposit(alice, 100n);
      await createTask(alice, 1, 50n);
      await expectRevert(completeTask(1, node, 10n, 80n, alice), 'AccessControlUnauthorizedAccount');
      await expectRevert(completeTask(1, bob, 10n, 80n), 'NodeNotActive');
      await expectRevert(completeTask(2, node, 10n, 80n), 'TaskNotOpen');
      await completeTask(1, node, 10n, 80n);
      await expectRevert(completeTask(1, node, 10n, 80n), 'TaskNotOpen');
    });

    it('refunds an open task to its user after the timeout, not before, and only once', async () => {
      await deposit(alice, 100n);
      const t = await f.chain.latestTimestamp();
      await f.at(t + 1n);
      await createTask(alice, 1, 60n);
      await expectRevert(
        f.write(bob, { ...f.payment, functionName: 'refundTask', args: [taskId(1)] }),
        'TaskNotExpired',
      );
      await f.at(t + 1n + HOUR);
      await f.write(bob, { ...f.payment, functionName: 'refundTask', args: [taskId(1)] });
      expect(await balanceIn(alice)).toBe(100n);
      await expectRevert(
        f.write(bob, { ...f.payment, functionName: 'refundTask', args: [taskId(1)] }),
        'TaskNotOpen',
      );
      await expectRevert(completeTask(1, node, 10n, 80n), 'TaskNotOpen');
    });
  });

  describe('pull payments', () => {
    it('lets nodes withdraw credited earnings and anyone push the treasury share to the treasury', async () => {
      await deposit(alice, 1_000n);
      await createTask(alice, 1, 1_000n);
      await completeTask(1, node, 1_000n, 100n);
      await expectRevert(
        f.write(node, { ...f.payment, functionName: 'withdrawEarnings', args: [661n] }),
        'InsufficientCredit',
      );
      await expectRevert(
        f.write(node, { ...f.payment, functionName: 'withdrawEarnings', args: [0n] }),
        'ZeroAmount',
      );
      await f.write(node, { ...f.payment, functionName: 'withdrawEarnings', args: [660n] });
      expect(await f.balanceOf(node)).toBe(parseEther('1000000') + 660n);
      await f.write(bob, { ...f.payment, functionName: 'withdrawTreasury' });
      expect(await f.balanceOf(f.treasury)).toBe(140n);
      await expectRevert(
        f.write(bob, { ...f.payment, functionName: 'withdrawTreasury' }),
        'NothingToWithdraw',
      );
    });

    it('flushes the per-task stakers share to FARStaking once, by anyone', async () => {
      await deposit(alice, 1_000n);
      await createTask(alice, 1, 1_000n);
      await completeTask(1, node, 1_000n, 80n);
      await f.write(bob, { ...f.payment, functionName: 'flushStakerRevenue' });
      expect(await f.read({ ...f.staking, functionName: 'pendingRevenue' })).toBe(200n);
      expect(await f.balanceOf(f.staking.address)).toBe(200n);
      await expectRevert(
        f.write(bob, { ...f.payment, functionName: 'flushStakerRevenue' }),
        'NothingToWithdraw',
      );
    });
  });

  describe('nodes', () => {
    it('registers, rates, deactivates and reactivates nodes (oracle only)', async () => {
      await expectRevert(
        f.write(alice, { ...f.payment, functionName: 'registerNode', args: [bob] }),
        'AccessControlUnauthorizedAccount',
      );
      await expectRevert(
        f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [node] }),
        'NodeAlreadyActive',
      );
      await expectRevert(
        f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [zeroAddress] }),
        'ZeroAddress',
      );
      await f.write(f.coordinator, {
        ...f.payment,
        functionName: 'updateNodeRating',
        args: [node, 95n],
      });
      expect((await nodeInfo(node)).reliability).toBe(95);
      await expectRevert(
        f.write(f.coordinator, {
          ...f.payment,
          functionName: 'updateNodeRating',
          args: [node, 101n],
        }),
        'InvalidRating',
      );
      await expectRevert(
        f.write(f.coordinator, { ...f.payment, functionName: 'updateNodeRating', args: [bob, 50n] }),
        'NodeNotActive',
      );
      await expectRevert(
        f.write(alice, { ...f.payment, functionName: 'updateNodeRating', args: [node, 50n] }),
        'AccessControlUnauthorizedAccount',
      );
      await f.write(f.coordinator, { ...f.payment, functionName: 'deactivateNode', args: [node] });
      expect((await nodeInfo(node)).active).toBe(false);
      await expectRevert(
        f.write(f.coordinator, { ...f.payment, functionName: 'deactivateNode', args: [node] }),
        'NodeNotActive',
      );
      await expectRevert(
        f.write(alice, { ...f.payment, functionName: 'deactivateNode', args: [node] }),
        'AccessControlUnauthorizedAccount',
      );
      await f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [node] });
      expect(await nodeInfo(node)).toMatchObject({ active: true, reliability: 80 });
    });
  });

  describe('getLatestPrice', () => {
    it('returns a fresh positive answer', async () => {
      expect(await f.read({ ...f.payment, functionName: 'getLatestPrice' })).toBe(10_000_000n);
      expect(await f.read({ ...f.feed, functionName: 'decimals' })).toBe(8);
      expect(await f.read({ ...f.feed, functionName: 'description' })).toBe('FAR / USD');
      expect(await f.read({ ...f.feed, functionName: 'version' })).toBe(1n);
    });

    it('rejects zero and negative answers', async () => {
      // AdminPriceFeed's own bounds refuse these; widen them to see that InferencePayment checks too.
      await f.write(f.admin, { ...f.feed, functionName: 'setBounds', args: [-10n, 10n ** 12n] });
      await f.write(f.admin, { ...f.feed, functionName: 'setMaxDeviation', args: [0n] });
      await f.write(f.admin, { ...f.feed, functionName: 'setPrice', args: [0n] });
      await expectRevert(f.read({ ...f.payment, functionName: 'getLatestPrice' }), 'InvalidPrice');
      await f.write(f.admin, { ...f.feed, functionName: 'setPrice', args: [-5n] });
      await expectRevert(f.read({ ...f.payment, functionName: 'getLatestPrice' }), 'InvalidPrice');
    });

    it('keeps the round history and rejects unknown rounds; only the price keeper sets prices', async () => {
      await f.write(f.admin, { ...f.feed, functionName: 'setPrice', args: [12_000_000n] });
      const [roundId, answer] = await f.read({ ...f.feed, functionName: 'latestRoundData' });
      expect([roundId, answer]).toEqual([2n, 12_000_000n]);
      const [, first] = await f.read({ ...f.feed, functionName: 'getRoundData', args: [1n] });
      expect(first).toBe(10_000_000n);
      await expectRevert(f.read({ ...f.feed, functionName: 'getRoundData', args: [9n] }), 'RoundNotFound');
      await expectRevert(
        f.write(alice, { ...f.feed, functionName: 'setPrice', args: [1n] }),
        'AccessControlUnauthorizedAccount',
      );
    });
  });

  describe('admin', () => {
    it('updates treasury, feed, price age, task timeout and grace period (admin only, validated)', async () => {
      const admin = <name extends WriteFunctionName<typeof inferencePaymentAbi>>(
        functionName: name,
        args: WriteArgs<typeof inferencePaymentAbi, name>,
        from = f.admin,
      ) => f.send(f.payment, from, functionName, args);
      await expectRevert(admin('setTreasury', [bob], alice), 'AccessControlUnauthorizedAccount');
      await expectRevert(admin('setTreasury', [zeroAddress]), 'ZeroAddress');
      await admin('setTreasury', [bob]);
      expect(await f.read({ ...f.payment, functionName: 'treasury' })).toBe(bob);
      await expectRevert(admin('setPriceFeed', [zeroAddress]), 'ZeroAddress');
      await admin('setPriceFeed', [f.token.address]);
      await expectRevert(admin('setMaxPriceAge', [0n]), 'InvalidDuration');
      await admin('setMaxPriceAge', [60n]);
      await expectRevert(admin('setTaskTimeout', [0n]), 'InvalidDuration');
      await admin('setTaskTimeout', [60n]);
      expect(await f.read({ ...f.payment, functionName: 'taskTimeout' })).toBe(60n);
      await expectRevert(admin('setRevocationGracePeriod', [7n * 24n * HOUR + 1n]), 'InvalidDuration');
      await admin('setRevocationGracePeriod', [0n]);
      expect(await f.read({ ...f.payment, functionName: 'revocationGracePeriod' })).toBe(0n);
      await expectRevert(admin('setPriceFeed', [bob], alice), 'AccessControlUnauthorizedAccount');
      for (const fn of ['setMaxPriceAge', 'setTaskTimeout', 'setRevocationGracePeriod'] as const) {
        await expectRevert(admin(fn, [1n], alice), 'AccessControlUnauthorizedAccount');
      }
    });

    it('uses keccak256("ORACLE_ROLE") as the oracle role and grants it to the coordinator', async () => {
      const role = await f.read({ ...f.payment, functionName: 'ORACLE_ROLE' });
      expect(role).toBe(keccak256(toHex('ORACLE_ROLE')));
      expect(await f.read({ ...f.payment, functionName: 'hasRole', args: [role, f.coordinator] })).toBe(true);
      expect(await f.read({ ...f.payment, functionName: 'hasRole', args: [role, alice] })).toBe(false);
    });
  });
});
