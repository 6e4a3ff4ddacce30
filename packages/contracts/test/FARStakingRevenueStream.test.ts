import { type Address, parseEther, parseEventLogs } from 'viem';
import { describe, expect, it } from 'vitest';
import { revenueSourceId } from '../src/revenueSourceId.js';
import { expectRevert, type Fixture } from './support/deployFixture.js';
import { DAY, stakingActions, useStakingTestbed, WEEK, YEAR } from './support/stakingTestbed.js';

// Revenue from registered service contracts, streamed to stakers through one accumulator.
describe('FARStaking', () => {
  let f: Fixture;
  let alice: Address;
  let bob: Address;
  useStakingTestbed((deployed) => {
    ({ f, alice, bob } = deployed);
  });

  const { stake, claim, rewardsOf, notify } = stakingActions(() => f);

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
        'AccessControlUnauthorizedAccount',
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
        'AccessControlUnauthorizedAccount',
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
});
