import { type Address, encodeFunctionData, parseEther, zeroHash } from 'viem';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { farStakingAbi } from '../src/abi/farStakingAbi.js';
import { publicationRegistryAbi } from '../src/abi/publicationRegistryAbi.js';
import { researchEscrowAbi } from '../src/abi/researchEscrowAbi.js';
import { timelockAbi } from '../src/abi/timelockAbi.js';
import { tournamentPoolAbi } from '../src/abi/tournamentPoolAbi.js';
import { FAR_ROLES } from '../src/farRoles.js';
import { handOverRoles } from '../src/handOverRoles.js';
import { timelockOperation } from '../src/timelockOperation.js';
import { deployFixture, expectRevert, type Fixture, taskId } from './support/deployFixture.js';

const DELAY = 60n;

describe('separated roles (admin, operator, treasurer, price keeper, oracle) after handOverRoles', () => {
  let f: Fixture;
  let admin: Address;
  let operator: Address;
  let treasurer: Address;
  let keeper: Address;
  let alice: Address;
  let timelock: { address: Address; abi: typeof timelockAbi };
  let snapshot: `0x${string}`;

  beforeAll(async () => {
    f = await deployFixture();
    [admin, operator, treasurer, keeper, alice] = [10, 11, 12, 13, 0].map((i) => f.user(i)) as [
      Address,
      Address,
      Address,
      Address,
      Address,
    ];
    const contracts = {
      farToken: f.token.address,
      farStaking: f.staking.address,
      inferencePayment: f.payment.address,
      priceFeed: f.feed.address,
      ...f.deployed.serviceContracts,
    };
    const holders = { admin, operator, treasurer, priceKeeper: keeper, oracle: f.coordinator };
    const handOver = () =>
      handOverRoles({
        walletClient: f.chain.walletFor(f.admin),
        publicClient: f.chain.publicClient,
        contracts,
        holders,
        timelockDelay: DELAY,
        adminWalletClient: f.chain.walletFor(admin),
      });
    const { timelock: address } = await handOver();
    timelock = { address, abi: timelockAbi };
    // Idempotent: a second run finds every grant in place and changes nothing.
    const blockBefore = await f.chain.publicClient.getBlockNumber();
    await handOverRoles({
      walletClient: f.chain.walletFor(f.admin),
      publicClient: f.chain.publicClient,
      contracts,
      holders,
      timelockDelay: DELAY,
      timelock: address,
    });
    expect(await f.chain.publicClient.getBlockNumber()).toBe(blockBefore);
    await f.approve(alice, f.payment.address, parseEther('1000'));
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });

  const hasRole = (address: Address, role: `0x${string}`, account: Address) =>
    f.read({ address, abi: farStakingAbi, functionName: 'hasRole', args: [role, account] });

  it('leaves the deployer with nothing but the oracle it is not, and each holder with its role only', async () => {
    for (const address of [f.staking.address, f.payment.address, f.feed.address]) {
      for (const role of [FAR_ROLES.admin, FAR_ROLES.operator, FAR_ROLES.treasurer, FAR_ROLES.priceKeeper]) {
        expect(await hasRole(address, role, f.admin)).toBe(false);
      }
      expect(await hasRole(address, FAR_ROLES.admin, admin)).toBe(true);
    }
    expect(await hasRole(f.staking.address, FAR_ROLES.treasurer, timelock.address)).toBe(true);
    expect(await hasRole(f.staking.address, FAR_ROLES.treasurer, treasurer)).toBe(false);
    expect(await hasRole(f.staking.address, FAR_ROLES.operator, operator)).toBe(true);
    expect(await hasRole(f.payment.address, FAR_ROLES.operator, operator)).toBe(true);
    expect(await hasRole(f.payment.address, FAR_ROLES.oracle, f.coordinator)).toBe(true);
    expect(await hasRole(f.payment.address, FAR_ROLES.oracle, f.admin)).toBe(false);
    expect(await hasRole(f.feed.address, FAR_ROLES.priceKeeper, keeper)).toBe(true);
    const escrow = f.deployed.serviceContracts.researchEscrow as Address;
    for (const role of [FAR_ROLES.admin, FAR_ROLES.operator, FAR_ROLES.treasurer]) {
      expect(await hasRole(escrow, role, f.admin)).toBe(false);
    }
    expect(await hasRole(escrow, FAR_ROLES.treasurer, timelock.address)).toBe(true);
    expect(await hasRole(escrow, FAR_ROLES.operator, operator)).toBe(true);
    const pool = f.deployed.serviceContracts.tournamentPool as Address;
    expect(await hasRole(pool, FAR_ROLES.treasurer, timelock.address)).toBe(true);
    expect(await hasRole(pool, FAR_ROLES.treasurer, f.admin)).toBe(false);
    expect(await hasRole(pool, FAR_ROLES.operator, operator)).toBe(true);
    for (const key of ['publicationRegistry', 'gameLicenses'] as const) {
      const owner = await f.read({
        address: f.deployed.serviceContracts[key] as Address,
        abi: publicationRegistryAbi,
        functionName: 'owner',
      });
      expect(owner).toBe(admin);
    }
    expect(await f.read({ ...timelock, functionName: 'getMinDelay' })).toBe(DELAY);
  });

  it('each lever refuses every other role', async () => {
    const refused = 'AccessControlUnauthorizedAccount';
    for (const who of [admin, treasurer, keeper, f.coordinator]) {
      await expectRevert(f.write(who, { ...f.staking, functionName: 'pause' }), refused);
      await expectRevert(f.write(who, { ...f.payment, functionName: 'pause' }), refused);
    }
    for (const who of [admin, operator, treasurer, keeper, f.admin]) {
      await expectRevert(f.write(who, { ...f.staking, functionName: 'setRewardRate', args: [1n] }), refused);
      await expectRevert(
        f.write(who, { ...f.staking, functionName: 'withdrawReserve', args: [who, 1n] }),
        refused,
      );
    }
    for (const who of [admin, operator, treasurer, f.admin]) {
      await expectRevert(f.write(who, { ...f.feed, functionName: 'setPrice', args: [10_000_000n] }), refused);
    }
    for (const who of [operator, treasurer, keeper, f.admin]) {
      await expectRevert(
        f.write(who, {
          ...f.staking,
          functionName: 'setRevenueSource',
          args: [alice, `0x${'1'.repeat(64)}`],
        }),
        refused,
      );
      await expectRevert(f.write(who, { ...f.feed, functionName: 'setBounds', args: [1n, 2n] }), refused);
      await expectRevert(
        f.write(who, { ...f.staking, functionName: 'grantRole', args: [FAR_ROLES.operator, who] }),
        refused,
      );
    }
    for (const who of [admin, operator, treasurer, keeper]) {
      await expectRevert(
        f.write(who, { ...f.payment, functionName: 'settleBatch', args: [1n, [], [], 0n, 0n, []] }),
        refused,
      );
    }
    const escrow = { address: f.deployed.serviceContracts.researchEscrow as Address, abi: researchEscrowAbi };
    for (const who of [admin, treasurer, keeper]) {
      await expectRevert(f.write(who, { ...escrow, functionName: 'pause' }), refused);
      await expectRevert(
        f.write(who, { ...escrow, functionName: 'setPlatformTerms', args: [100n, 0n, 0n] }),
        refused,
      );
    }
    for (const who of [admin, operator, treasurer, keeper]) {
      await expectRevert(
        f.write(who, {
          address: f.deployed.serviceContracts.tournamentPool as Address,
          abi: tournamentPoolAbi,
          functionName: 'setFees',
          args: [100, 0],
        }),
        refused,
      );
    }
    // And each holder's own lever works.
    await f.write(operator, { ...escrow, functionName: 'pause' });
    await f.write(operator, { ...f.staking, functionName: 'pause' });
    await f.write(keeper, { ...f.feed, functionName: 'setPrice', args: [11_000_000n] });
    await f.write(admin, { ...f.feed, functionName: 'setBounds', args: [1n, 10n ** 12n] });
    await f.write(admin, { ...f.staking, functionName: 'grantRole', args: [FAR_ROLES.operator, alice] });
  });

  it('the feed refuses answers outside its bounds and moves beyond the deviation limit', async () => {
    const setPrice = (answer: bigint) =>
      f.write(keeper, { ...f.feed, functionName: 'setPrice', args: [answer] });
    await f.write(admin, { ...f.feed, functionName: 'setBounds', args: [5_000_000n, 20_000_000n] });
    await f.write(admin, { ...f.feed, functionName: 'setMaxDeviation', args: [1_000n] });
    await expectRevert(setPrice(4_999_999n), 'PriceOutOfBounds');
    await expectRevert(setPrice(20_000_001n), 'PriceOutOfBounds');
    await expectRevert(setPrice(0n), 'PriceOutOfBounds');
    // The last answer is $0.10: 10 % either way is allowed, a wei more is not.
    await expectRevert(setPrice(11_000_001n), 'PriceDeviationTooHigh');
    await expectRevert(setPrice(8_999_999n), 'PriceDeviationTooHigh');
    await setPrice(11_000_000n);
    await setPrice(9_900_000n);
    const [round, answer] = await f.read({ ...f.feed, functionName: 'latestRoundData' });
    expect([round, answer]).toEqual([3n, 9_900_000n]);
    await expectRevert(
      f.write(admin, { ...f.feed, functionName: 'setBounds', args: [2n, 1n] }),
      'InvalidBounds',
    );
  });

  it("the operator's pause stops deposits and settlement; the unpause restores them", async () => {
    await f.write(alice, { ...f.payment, functionName: 'deposit', args: [parseEther('10')] });
    await f.write(alice, { ...f.payment, functionName: 'createTask', args: [taskId(1), parseEther('1')] });
    const node = f.user(5);
    await f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [node] });
    await f.write(operator, { ...f.payment, functionName: 'pause' });
    expect(await f.read({ ...f.payment, functionName: 'paused' })).toBe(true);

    await expectRevert(
      f.write(alice, { ...f.payment, functionName: 'deposit', args: [parseEther('1')] }),
      'EnforcedPause',
    );
    await expectRevert(
      f.write(alice, { ...f.payment, functionName: 'createTask', args: [taskId(2), parseEther('1')] }),
      'EnforcedPause',
    );
    await expectRevert(
      f.write(f.coordinator, {
        ...f.payment,
        functionName: 'completeTask',
        args: [taskId(1), node, parseEther('1'), 80n],
      }),
      'EnforcedPause',
    );
    await expectRevert(
      f.write(f.coordinator, { ...f.payment, functionName: 'settleBatch', args: [1n, [], [], 0n, 0n, []] }),
      'EnforcedPause',
    );
    await expectRevert(
      f.write(f.coordinator, {
        ...f.payment,
        functionName: 'settleBatchWithCreatorFees',
        args: [1n, [], [], 0n, 0n, [], { credits: [], stakersShare: 0n }],
      }),
      'EnforcedPause',
    );

    await f.write(operator, { ...f.payment, functionName: 'unpause' });
    await f.write(alice, { ...f.payment, functionName: 'deposit', args: [parseEther('1')] });
    await f.write(f.coordinator, {
      ...f.payment,
      functionName: 'completeTask',
      args: [taskId(1), node, parseEther('1'), 80n],
    });
    await f.write(f.coordinator, {
      ...f.payment,
      functionName: 'settleBatch',
      args: [1n, [], [], 0n, 0n, []],
    });
    expect(await f.read({ ...f.payment, functionName: 'nextBatchId' })).toBe(2n);
    expect(await f.read({ ...f.payment, functionName: 'userBalances', args: [alice] })).toBe(
      parseEther('10'),
    );
  });

  it('a timelocked reward-rate change cannot execute before the delay, and executes after it', async () => {
    const data = encodeFunctionData({ abi: farStakingAbi, functionName: 'setRewardRate', args: [250n] });
    const salt = `0x${'ab'.repeat(32)}` as const;
    const { args: operation, id } = timelockOperation({ target: f.staking.address, data, salt });
    expect(operation).toEqual([f.staking.address, 0n, data, zeroHash, salt]);
    expect(await f.read({ ...timelock, functionName: 'hashOperation', args: operation })).toBe(id);
    // Only the treasurer proposes; a shorter delay than the minimum is refused.
    await expectRevert(
      f.write(admin, { ...timelock, functionName: 'schedule', args: [...operation, DELAY] }),
      'AccessControlUnauthorizedAccount',
    );
    await expectRevert(
      f.write(treasurer, { ...timelock, functionName: 'schedule', args: [...operation, DELAY - 1n] }),
      'TimelockInsufficientDelay',
    );
    await f.write(treasurer, { ...timelock, functionName: 'schedule', args: [...operation, DELAY] });
    await expectRevert(
      f.write(treasurer, { ...timelock, functionName: 'execute', args: operation }),
      'TimelockUnexpectedOperationState',
    );
    await f.chain.increaseTime(DELAY - 5n);
    await expectRevert(
      f.write(treasurer, { ...timelock, functionName: 'execute', args: operation }),
      'TimelockUnexpectedOperationState',
    );
    expect(await f.read({ ...f.staking, functionName: 'rewardRate' })).toBe(100n);
    await f.chain.increaseTime(5n);
    await expectRevert(
      f.write(alice, { ...timelock, functionName: 'execute', args: operation }),
      'AccessControlUnauthorizedAccount',
    );
    expect(await f.read({ ...timelock, functionName: 'isOperationReady', args: [id] })).toBe(true);
    await f.write(treasurer, { ...timelock, functionName: 'execute', args: operation });
    expect(await f.read({ ...f.staking, functionName: 'rewardRate' })).toBe(250n);
    expect(await f.read({ ...timelock, functionName: 'isOperationDone', args: [id] })).toBe(true);
  });
});
