import type { Address } from 'viem';
import { parseEther } from 'viem';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import { revenueSourceId } from '../../src/revenueSourceId.js';
import { deployFixture, type Fixture } from './deployFixture.js';

export const YEAR = 365n * 24n * 3600n;
export const DAY = 24n * 3600n;
export const WEEK = 7n * DAY;
const PRECISION = 10n ** 18n;
/** The accumulator increment and payout of the base APY, exactly as FARStaking rounds them. */
export const baseReward = (effective: bigint, rateBps: bigint, seconds: bigint) =>
  (effective * ((rateBps * seconds * PRECISION) / (YEAR * 10_000n))) / PRECISION;

/**
 * A fresh deployment for FARStaking's tests: alice and bob (users 0 and 1) and the admin have approved
 * FARStaking, and the admin is registered as the `inference` revenue source.
 * @returns the fixture and the two stakers.
 */
async function deployStakingFixture(): Promise<{ f: Fixture; alice: Address; bob: Address }> {
  const f = await deployFixture();
  const [alice, bob] = f.users as [Address, Address];
  for (const user of [alice, bob]) await f.approve(user, f.staking.address, parseEther('1000000'));
  await f.approve(f.admin, f.staking.address, parseEther('100000000'));
  await f.write(f.admin, {
    ...f.staking,
    functionName: 'setRevenueSource',
    args: [f.admin, revenueSourceId('inference')],
  });
  return { f, alice, bob };
}

/**
 * Deploys the staking fixture once for the calling `describe` (handing it to `onDeployed`) and
 * reverts the chain to a snapshot after every test, so each test starts from the same state.
 */
export function useStakingTestbed(
  onDeployed: (deployed: { f: Fixture; alice: Address; bob: Address }) => void,
) {
  let f: Fixture;
  let snapshot: `0x${string}`;
  beforeAll(async () => {
    const deployed = await deployStakingFixture();
    f = deployed.f;
    onDeployed(deployed);
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });
}

/**
 * FARStaking's calls as one-liners, against the fixture `fixture()` returns when called (it is set in a
 * `beforeAll`, after the test file has declared these).
 * @returns stake, unstake, claim, rewardsOf, fund (the reserve, as admin) and notify (revenue, as admin).
 */
export function stakingActions(fixture: () => Fixture) {
  return {
    stake: (user: Address, amount: bigint, tier: number) =>
      fixture().write(user, { ...fixture().staking, functionName: 'stake', args: [amount, tier] }),
    unstake: (user: Address, id: bigint, amount: bigint) =>
      fixture().write(user, { ...fixture().staking, functionName: 'unstake', args: [id, amount] }),
    claim: (user: Address) => fixture().write(user, { ...fixture().staking, functionName: 'claimRewards' }),
    rewardsOf: (user: Address) =>
      fixture().read({
        ...fixture().staking,
        functionName: 'calculateRewards',
        args: [user],
      }) as Promise<bigint>,
    fund: (amount: bigint) =>
      fixture().write(fixture().admin, { ...fixture().staking, functionName: 'fundReserve', args: [amount] }),
    notify: (amount: bigint) =>
      fixture().write(fixture().admin, {
        ...fixture().staking,
        functionName: 'notifyRevenue',
        args: [amount],
      }),
  };
}
