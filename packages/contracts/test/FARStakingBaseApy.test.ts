import { type Address, parseEther } from 'viem';
import { describe, expect, it } from 'vitest';
import { expectRevert, type Fixture } from './support/deployFixture.js';
import { baseReward, DAY, stakingActions, useStakingTestbed, YEAR } from './support/stakingTestbed.js';

// The base APY, paid from the owner-funded reserve.
describe('FARStaking', () => {
  let f: Fixture;
  let alice: Address;
  let bob: Address;
  useStakingTestbed((deployed) => {
    ({ f, alice, bob } = deployed);
  });

  const { stake, claim, rewardsOf, fund } = stakingActions(() => f);

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

    it('lets only the treasurer set the rate, at most 10000 bps, and emits', async () => {
      await expectRevert(
        f.write(alice, { ...f.staking, functionName: 'setRewardRate', args: [1n] }),
        'AccessControlUnauthorizedAccount',
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

    it('lets the treasurer take back unallocated reserve only', async () => {
      await fund(parseEther('10'));
      await expectRevert(
        f.write(alice, { ...f.staking, functionName: 'withdrawReserve', args: [alice, 1n] }),
        'AccessControlUnauthorizedAccount',
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
});
