import { type Address, parseEther, parseEventLogs } from 'viem';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { farTokenDomain } from '../src/farTokenDomain.js';
import { revenueSourceId } from '../src/revenueSourceId.js';
import { signPermit } from '../src/signPermit.js';
import { deployFixture, expectRevert, type Fixture } from './deployFixture.js';

const YEAR = 365n * 24n * 3600n;
const DAY = 24n * 3600n;
const WEEK = 7n * DAY;
const PRECISION = 10n ** 18n;
/** The accumulator increment and payout of the base APY, exactly as FARStaking rounds them. */
const baseReward = (effective: bigint, rateBps: bigint, seconds: bigint) =>
  (effective * ((rateBps * seconds * PRECISION) / (YEAR * 10_000n))) / PRECISION;

describe('FARStaking', () => {
  let f: Fixture;
  let alice: Address;
  let bob: Address;
  let snapshot: `0x${string}`;

  beforeAll(async () => {
    f = await deployFixture();
    [alice, bob] = f.users as [Address, Address];
    for (const user of [alice, bob]) await f.approve(user, f.staking.address, parseEther('1000000'));
    await f.approve(f.admin, f.staking.address, parseEther('100000000'));
    await f.write(f.admin, {
      ...f.staking,
      functionName: 'setRevenueSource',
      args: [f.admin, revenueSourceId('inference')],
    });
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });

  const stake = (user: Address, amount: bigint, tier: number) =>
    f.write(user, { ...f.staking, functionName: 'stake', args: [amount, tier] });
  const unstake = (user: Address, id: bigint, amount: bigint) =>
    f.write(user, { ...f.staking, functionName: 'unstake', args: [id, amount] });
  const claim = (user: Address) => f.write(user, { ...f.staking, functionName: 'claimRewards' });
  const rewardsOf = (user: Address) =>
    f.read({ ...f.staking, functionName: 'calculateRewards', args: [user] }) as Promise<bigint>;
  const fund = (amount: bigint) =>
    f.write(f.admin, { ...f.staking, functionName: 'fundReserve', args: [amount] });
  const notify = (amount: bigint) =>
    f.write(f.admin, { ...f.staking, functionName: 'notifyRevenue', args: [amount] });

  describe('stake', () => {
    it('opens a position per stake with the tier lock and multiplier on the effective balance', async () => {
      const t = await f.chain.latestTimestamp();
      await f.at(t + 1n);
      await stake(alice, parseEther('100'), 0);
      await f.at(t + 2n);
      await stake(alice, parseEther('100'), 4);
      const positions = await f.read({ ...f.staking, functionName: 'positionsOf', args: [alice] });
      expect(positions).toEqual([
        { amount: parseEther('100'), unlockAt: t + 1n, lockTier: 0 },
        { amount: parseEther('100'), unlockAt: t + 2n + YEAR, lockTier: 4 },
      ]);
      const [effective] = await f.read({ ...f.staking, functionName: 'accounts', args: [alice] });
      expect(effective).toBe(parseEther('300'));
      expect(await f.read({ ...f.staking, functionName: 'totalStaked' })).toBe(parseEther('200'));
      expect(await f.read({ ...f.staking, functionName: 'totalEffective' })).toBe(parseEther('300'));
      expect(await f.read({ ...f.staking, functionName: 'positionCount', args: [alice] })).toBe(2n);
      expect(await f.balanceOf(f.staking.address)).toBe(parseEther('200'));
    });

    it('knows the five tiers and rejects others', async () => {
      const durations = [0n, 30n * DAY, 90n * DAY, 180n * DAY, 365n * DAY];
      const multipliers = [10_000n, 11_000n, 12_500n, 15_000n, 20_000n];
      for (let tier = 0; tier < 5; tier++) {
        expect(await f.read({ ...f.staking, functionName: 'lockTierDuration', args: [tier] })).toBe(
          durations[tier],
        );
        expect(await f.read({ ...f.staking, functionName: 'lockTierMultiplierBps', args: [tier] })).toBe(
          multipliers[tier],
        );
      }
      await expectRevert(stake(alice, 1n, 5), 'InvalidLockTier');
    });

    it('rejects zero, and anything while paused', async () => {
      await expectRevert(stake(alice, 0n, 0), 'ZeroAmount');
      await f.write(f.admin, { ...f.staking, functionName: 'pause' });
      await expectRevert(stake(alice, 1n, 0), 'EnforcedPause');
      await f.write(f.admin, { ...f.staking, functionName: 'unpause' });
      await stake(alice, 1n, 0);
    });

    it('stakes with an EIP-2612 permit instead of an approval', async () => {
      const carol = f.user(2);
      const deadline = (await f.chain.latestTimestamp()) + 3600n;
      const { v, r, s } = await signPermit(
        f.chain.walletFor(carol).signTypedData,
        farTokenDomain(31337, f.token.address),
        { owner: carol, spender: f.staking.address, value: parseEther('5'), nonce: 0n, deadline },
      );
      await f.write(carol, {
        ...f.staking,
        functionName: 'stakeWithPermit',
        args: [parseEther('5'), 1, deadline, v, r, s],
      });
      expect(await f.read({ ...f.staking, functionName: 'totalStaked' })).toBe(parseEther('5'));
      // A replayed (now invalid) permit is ignored; without allowance the transfer fails.
      await expectRevert(
        f.write(carol, {
          ...f.staking,
          functionName: 'stakeWithPermit',
          args: [parseEther('5'), 1, deadline, v, r, s],
        }),
        'ERC20InsufficientAllowance',
      );
    });
  });

  describe('unstake', () => {
    it('refuses locked positions and allows them once unlocked, partially or fully', async () => {
      const t = await f.chain.latestTimestamp();
      await f.at(t + 1n);
      await stake(alice, parseEther('10'), 1);
      await expectRevert(unstake(alice, 0n, 1n), 'StillLocked');
      await f.at(t + 1n + 30n * DAY);
      await unstake(alice, 0n, parseEther('4'));
      expect(await f.balanceOf(alice)).toBe(parseEther('999994'));
      const [effective] = await f.read({ ...f.staking, functionName: 'accounts', args: [alice] });
      expect(effective).toBe(parseEther('6.6'));
      await unstake(alice, 0n, parseEther('6'));
      expect(await f.read({ ...f.staking, functionName: 'totalStaked' })).toBe(0n);
      expect(await f.read({ ...f.staking, functionName: 'totalEffective' })).toBe(0n);
    });

    it('rejects zero, too much, and unknown positions', async () => {
      await stake(alice, 10n, 0);
      await expectRevert(unstake(alice, 0n, 0n), 'ZeroAmount');
      await expectRevert(unstake(alice, 0n, 11n), 'InsufficientStake');
      await expectRevert(unstake(alice, 1n, 1n), 'PositionNotFound');
      await expectRevert(unstake(bob, 0n, 1n), 'PositionNotFound');
    });

    it('keeps working while paused, and so does claiming', async () => {
      await fund(parseEther('1000'));
      await stake(alice, parseEther('100'), 0);
      await f.write(f.admin, { ...f.staking, functionName: 'pause' });
      await f.chain.increaseTime(DAY);
      await claim(alice);
      await unstake(alice, 0n, parseEther('100'));
      expect(await f.read({ ...f.staking, functionName: 'totalStaked' })).toBe(0n);
    });
  });

  describe('base APY from the reserve', () => {
    it('pays rate × effective balance × time, weighted by tier, from the reserve without minting', async () => {
      await fund(parseEther('1000'));
      const t = await f.chain.latestTimestamp();
      await f.at(t + 10n);
      await stake(alice, parseEther('1000'), 0);
      await f.at(t + 11n);
      await stake(bob, parseEther('1000'), 4);
      await f.at(t + 11n + YEAR);
      await claim(alice);
      // Alice alone for 1 second, then with Bob: the base APY does not depend on others.
      const aliceExpected = baseReward(parseEther('1000'), 100n, 1n + YEAR);
      expect(await f.balanceOf(alice)).toBe(parseEther('999000') + aliceExpected);
      expect(await rewardsOf(bob)).toBe(
        baseReward(parseEther('2000'), 100n, 1n + YEAR) - baseReward(parseEther('2000'), 100n, 1n),
      );
      expect(await f.read({ ...f.token, functionName: 'totalSupply' })).toBe(10n ** 27n);
      expect(await f.read({ ...f.staking, functionName: 'totalRewardsPaid' })).toBe(aliceExpected);
    });

    it('stops paying when the reserve runs out and does not backfill when it is refunded', async () => {
      await f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [10_000n] });
      await fund(parseEther('1'));
      await stake(alice, parseEther('1000'), 0);
      await f.chain.increaseTime(YEAR);
      const earned = await rewardsOf(alice);
      expect(earned).toBeLessThanOrEqual(parseEther('1'));
      expect(earned).toBeGreaterThan(parseEther('0.999999'));
      const t = await f.chain.latestTimestamp();
      await f.at(t + 1n);
      await fund(parseEther('1000'));
      const afterFunding = await rewardsOf(alice);
      expect(afterFunding).toBe(earned);
      await claim(alice);
      expect(await f.read({ ...f.staking, functionName: 'rewardReserve' })).toBeGreaterThan(
        parseEther('999.99'),
      );
    });

    it('accrues the old rate up to a rate change', async () => {
      await fund(parseEther('1000'));
      const t = await f.chain.latestTimestamp();
      await f.at(t + 1n);
      await stake(alice, parseEther('1000'), 0);
      await f.at(t + 1n + DAY);
      await f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [1_000n] });
      await f.at(t + 1n + 2n * DAY);
      await claim(alice);
      const expected =
        baseReward(parseEther('1000'), 100n, DAY) + baseReward(parseEther('1000'), 1_000n, DAY);
      expect(await f.balanceOf(alice)).toBe(parseEther('999000') + expected);
    });

    it('lets only the owner set the rate, at most 10000 bps, and emits', async () => {
      await expectRevert(
        f.write(alice, { ...f.staking, functionName: 'setRewardRate', args: [1n] }),
        'OwnableUnauthorizedAccount',
      );
      await expectRevert(
        f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [10_001n] }),
        'RewardRateTooHigh',
      );
      const receipt = await f.write(f.admin, {
        ...f.staking,
        functionName: 'setRewardRate',
        args: [500n],
      });
      expect(receipt.logs).toHaveLength(1);
      expect(await f.read({ ...f.staking, functionName: 'rewardRate' })).toBe(500n);
    });

    it('lets the owner take back unallocated reserve only', async () => {
      await fund(parseEther('10'));
      await expectRevert(
        f.write(alice, { ...f.staking, functionName: 'withdrawReserve', args: [alice, 1n] }),
        'OwnableUnauthorizedAccount',
      );
      await expectRevert(
        f.write(f.admin, {
          ...f.staking,
          functionName: 'withdrawReserve',
          args: [alice, parseEther('11')],
        }),
        'InsufficientReserve',
      );
      await expectRevert(
        f.write(f.admin, { ...f.staking, functionName: 'withdrawReserve', args: [alice, 0n] }),
        'ZeroAmount',
      );
      await f.write(f.admin, {
        ...f.staking,
        functionName: 'withdrawReserve',
        args: [bob, parseEther('10')],
      });
      expect(await f.balanceOf(bob)).toBe(parseEther('1000010'));
      expect(await f.read({ ...f.staking, functionName: 'totalRewardsFunded' })).toBe(0n);
      await expectRevert(fund(0n), 'ZeroAmount');
    });
  });

  describe('revenue stream', () => {
    it('streams notified revenue over the duration in proportion to effective balances', async () => {
      await f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [0n] });
      const t = await f.chain.latestTimestamp();
      await f.at(t + 1n);
      await stake(alice, parseEther('100'), 0);
      await f.at(t + 2n);
      await stake(bob, parseEther('100'), 4);
      await f.at(t + 3n);
      await notify(parseEther('300'));
      await f.at(t + 3n + WEEK / 2n);
      await f.chain.testClient.mine({ blocks: 1 });
      expect(await rewardsOf(alice)).toBe(parseEther('50'));
      expect(await rewardsOf(bob)).toBe(parseEther('100'));
      await f.chain.increaseTime(WEEK);
      const aliceAll = await rewardsOf(alice);
      const bobAll = await rewardsOf(bob);
      expect(parseEther('100') - aliceAll).toBeLessThan(10n);
      expect(parseEther('200') - bobAll).toBeLessThan(10n);
      expect(aliceAll + bobAll).toBeLessThanOrEqual(parseEther('300'));
    });

    it('loses nothing while nobody is staked: the stream waits for stakers', async () => {
      await f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [0n] });
      await notify(parseEther('70'));
      await f.chain.increaseTime(3n * WEEK);
      await stake(alice, parseEther('1'), 0);
      await f.chain.increaseTime(WEEK + 1n);
      await claim(alice);
      const paid = (await f.balanceOf(alice)) - parseEther('999999');
      expect(parseEther('70') - paid).toBeLessThan(1000n);
      expect(paid).toBeLessThanOrEqual(parseEther('70'));
    });

    it('restarts the period with the leftover plus the new amount (Synthetix semantics)', async () => {
      await f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [0n] });
      const t = await f.chain.latestTimestamp();
      await f.at(t + 1n);
      await stake(alice, parseEther('1'), 0);
      await f.at(t + 2n);
      await notify(parseEther('70'));
      await f.at(t + 2n + WEEK / 2n);
      await notify(parseEther('35'));
      expect(await f.read({ ...f.staking, functionName: 'pendingRevenue' })).toBe(parseEther('70'));
      expect(await f.read({ ...f.staking, functionName: 'revenuePeriodFinish' })).toBe(
        t + 2n + WEEK / 2n + WEEK,
      );
    });

    it('keeps accepting revenue while paused, so settlement never stalls on a staking pause', async () => {
      await f.write(f.admin, { ...f.staking, functionName: 'pause' });
      await notify(parseEther('1'));
      expect(await f.read({ ...f.staking, functionName: 'pendingRevenue' })).toBe(parseEther('1'));
    });

    it('accepts revenue only from registered sources, never zero', async () => {
      await expectRevert(
        f.write(alice, { ...f.staking, functionName: 'notifyRevenue', args: [1n] }),
        'NotRevenueSource',
      );
      await expectRevert(notify(0n), 'ZeroAmount');
      await expectRevert(
        f.write(alice, {
          ...f.staking,
          functionName: 'setRevenueSource',
          args: [alice, revenueSourceId('gaming')],
        }),
        'OwnableUnauthorizedAccount',
      );
      await expectRevert(
        f.write(f.admin, {
          ...f.staking,
          functionName: 'setRevenueSource',
          args: ['0x0000000000000000000000000000000000000000', revenueSourceId('gaming')],
        }),
        'ZeroAddress',
      );
      await expectRevert(
        f.write(f.admin, {
          ...f.staking,
          functionName: 'setRevenueSource',
          args: [alice, `0x${'0'.repeat(64)}`],
        }),
        'ZeroSourceId',
      );
    });

    it('refuses a removed source, keeps what it notified, and refuses removing an unregistered one', async () => {
      await notify(parseEther('3'));
      await f.write(f.admin, { ...f.staking, functionName: 'removeRevenueSource', args: [f.admin] });
      await expectRevert(notify(1n), 'NotRevenueSource');
      expect(await f.read({ ...f.staking, functionName: 'revenueSourceOf', args: [f.admin] })).toBe(
        `0x${'0'.repeat(64)}`,
      );
      expect(
        await f.read({ ...f.staking, functionName: 'revenueBySource', args: [revenueSourceId('inference')] }),
      ).toBe(parseEther('3'));
      await expectRevert(
        f.write(f.admin, { ...f.staking, functionName: 'removeRevenueSource', args: [alice] }),
        'NotRevenueSource',
      );
      await expectRevert(
        f.write(alice, { ...f.staking, functionName: 'removeRevenueSource', args: [f.admin] }),
        'OwnableUnauthorizedAccount',
      );
    });

    it('streams two sources into the same accumulator, with per-source totals that sum to the total', async () => {
      // bob's wallet stands in for a second service contract (a game's shop) registered as `gaming`.
      await f.write(f.admin, {
        ...f.staking,
        functionName: 'setRevenueSource',
        args: [bob, revenueSourceId('gaming')],
      });
      await f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [0n] });
      const t = await f.chain.latestTimestamp();
      await f.at(t + 1n);
      await stake(alice, parseEther('1'), 0);
      await f.at(t + 2n);
      await notify(parseEther('70'));
      await f.at(t + 3n);
      const receipt = await f.write(bob, {
        ...f.staking,
        functionName: 'notifyRevenue',
        args: [parseEther('30')],
      });
      const [event] = parseEventLogs({
        abi: f.staking.abi,
        eventName: 'RevenueNotified',
        logs: receipt.logs,
      });
      expect(event?.args).toMatchObject({
        sourceId: revenueSourceId('gaming'),
        notifier: bob,
        amount: parseEther('30'),
        pendingRevenue: await f.read({ ...f.staking, functionName: 'pendingRevenue' }),
        periodFinish: t + 3n + WEEK,
      });
      const bySource = await Promise.all(
        (['inference', 'gaming'] as const).map((service) =>
          f.read({ ...f.staking, functionName: 'revenueBySource', args: [revenueSourceId(service)] }),
        ),
      );
      expect(bySource).toEqual([parseEther('70'), parseEther('30')]);
      expect(await f.read({ ...f.staking, functionName: 'totalRevenueNotified' })).toBe(parseEther('100'));
      // One stream: after a week alice has been paid both sources' revenue (minus rounding dust).
      await f.chain.increaseTime(WEEK + 1n);
      await claim(alice);
      const paid = (await f.balanceOf(alice)) - parseEther('999999');
      expect(parseEther('100') - paid).toBeLessThan(1000n);
      expect(paid).toBeLessThanOrEqual(parseEther('100'));
    });

    it('sets the duration within 1 second..365 days', async () => {
      await expectRevert(
        f.write(f.admin, { ...f.staking, functionName: 'setRevenueDuration', args: [0n] }),
        'InvalidRevenueDuration',
      );
      await expectRevert(
        f.write(f.admin, { ...f.staking, functionName: 'setRevenueDuration', args: [YEAR + 1n] }),
        'InvalidRevenueDuration',
      );
      await f.write(f.admin, { ...f.staking, functionName: 'setRevenueDuration', args: [DAY] });
      expect(await f.read({ ...f.staking, functionName: 'revenueDuration' })).toBe(DAY);
    });
  });

  describe('claimRewards', () => {
    it('reverts with nothing to claim and pays once otherwise', async () => {
      await expectRevert(claim(alice), 'NothingToClaim');
      await fund(parseEther('10'));
      await stake(alice, parseEther('100'), 0);
      await f.chain.increaseTime(DAY);
      await claim(alice);
      await f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [0n] });
      await claim(alice);
      await f.chain.increaseTime(DAY);
      await expectRevert(claim(alice), 'NothingToClaim');
    });
  });

  it('lets only the owner pause and unpause', async () => {
    await expectRevert(f.write(alice, { ...f.staking, functionName: 'pause' }), 'OwnableUnauthorizedAccount');
    await f.write(f.admin, { ...f.staking, functionName: 'pause' });
    await expectRevert(
      f.write(alice, { ...f.staking, functionName: 'unpause' }),
      'OwnableUnauthorizedAccount',
    );
    expect(await f.read({ ...f.staking, functionName: 'paused' })).toBe(true);
  });
});
