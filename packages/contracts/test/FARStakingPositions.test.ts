import { type Address, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { farTokenDomain } from '../src/farTokenDomain.js';
import { signPermit } from '../src/signPermit.js';
import { expectRevert, type Fixture } from './support/deployFixture.js';
import { DAY, stakingActions, useStakingTestbed, YEAR } from './support/stakingTestbed.js';

// Positions: staking into lock tiers, unstaking, claiming, pausing.
describe('FARStaking', () => {
  let f: Fixture;
  let alice: Address;
  let bob: Address;
  useStakingTestbed((deployed) => {
    ({ f, alice, bob } = deployed);
  });

  const { stake, unstake, claim, fund } = stakingActions(() => f);

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

  it('lets only the operator pause and unpause', async () => {
    await expectRevert(
      f.write(alice, { ...f.staking, functionName: 'pause' }),
      'AccessControlUnauthorizedAccount',
    );
    await f.write(f.admin, { ...f.staking, functionName: 'pause' });
    await expectRevert(
      f.write(alice, { ...f.staking, functionName: 'unpause' }),
      'AccessControlUnauthorizedAccount',
    );
    expect(await f.read({ ...f.staking, functionName: 'paused' })).toBe(true);
  });
});
