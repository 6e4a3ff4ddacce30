/**
 * One attack per bug of the original contracts (an uncapped payout, minting past the supply, an
 * unclamped score…), each run against the corrected contracts. The original per-task
 * InferencePayment is kept in contracts/reference/ for the gas bench.
 */
import { type Address, parseEther } from 'viem';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSettlementBatch } from '../src/buildSettlementBatch.js';
import { spendingAuthorizationDomain } from '../src/spendingAuthorizationDomain.js';
import { spendingAuthorizationTypes } from '../src/spendingAuthorizationTypes.js';
import { splitRevenue } from '../src/splitRevenue.js';
import {
  deployFixture,
  expectRevert,
  type Fixture,
  skippedAuthorizations,
  taskId,
} from './support/deployFixture.js';

const DAY = 24n * 3600n;
const YEAR = 365n * DAY;
const SUPPLY = 10n ** 27n;

describe('attacks on the bugs of the original contracts', () => {
  let f: Fixture;
  let alice: Address;
  let mallory: Address;
  let node: Address;
  let snapshot: `0x${string}`;

  beforeAll(async () => {
    f = await deployFixture();
    [alice, mallory, node] = f.users as [Address, Address, Address];
    for (const user of [alice, mallory]) {
      await f.approve(user, f.payment.address, parseEther('1000000'));
      await f.approve(user, f.staking.address, parseEther('1000000'));
    }
    await f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [node] });
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });

  it('mint past max supply: claiming staking rewards never mints (minting rewards would go past 1e27)', async () => {
    await f.approve(f.admin, f.staking.address, parseEther('1000'));
    await f.write(f.admin, {
      ...f.staking,
      functionName: 'fundReserve',
      args: [parseEther('1000')],
    });
    await f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [10_000n] });
    await f.write(mallory, {
      ...f.staking,
      functionName: 'stake',
      args: [parseEther('1000000'), 4],
    });
    await f.chain.increaseTime(YEAR);
    await f.write(mallory, { ...f.staking, functionName: 'claimRewards' });
    // Minting rewards would have created 2,000,000 FAR here; the reserve caps it at 1,000 and supply is unchanged.
    expect(await f.balanceOf(mallory)).toBeLessThanOrEqual(parseEther('1000'));
    expect(await f.read({ ...f.token, functionName: 'totalSupply' })).toBe(SUPPLY);
  });

  it('payout greater than escrow: an actual cost above the estimate is capped at the escrow', async () => {
    await f.write(alice, { ...f.payment, functionName: 'deposit', args: [parseEther('100')] });
    await f.write(alice, {
      ...f.payment,
      functionName: 'createTask',
      args: [taskId(1), parseEther('1')],
    });
    const before = await f.balanceOf(f.payment.address);
    await f.write(f.coordinator, {
      ...f.payment,
      functionName: 'completeTask',
      args: [taskId(1), node, parseEther('99'), 80n],
    });
    const split = splitRevenue(parseEther('1'), 80);
    const [credit] = await f.read({ ...f.payment, functionName: 'nodes', args: [node] });
    expect(credit).toBe(split.node);
    // Alice's other 99 FAR are untouched; the contract still holds every wei it owes.
    expect(await f.read({ ...f.payment, functionName: 'userBalances', args: [alice] })).toBe(
      parseEther('99'),
    );
    expect(await f.balanceOf(f.payment.address)).toBe(before);
  });

  it('score above 100: a score of 200 pays the node 66%, not the unclamped 108%', async () => {
    await f.write(alice, { ...f.payment, functionName: 'deposit', args: [1_000n] });
    await f.write(alice, { ...f.payment, functionName: 'createTask', args: [taskId(2), 1_000n] });
    await f.write(f.coordinator, {
      ...f.payment,
      functionName: 'completeTask',
      args: [taskId(2), node, 1_000n, 200n],
    });
    const [credit, , , reliability] = await f.read({ ...f.payment, functionName: 'nodes', args: [node] });
    expect(credit).toBe(660n);
    expect(reliability).toBe(90);
  });

  it('split not summing to the cost: node + stakers + treasury = charge for awkward amounts and scores', async () => {
    await f.write(alice, { ...f.payment, functionName: 'deposit', args: [parseEther('2')] });
    let id = 10;
    for (const [cost, score] of [
      [1n, 0n],
      [7n, 81n],
      [999_999_999_999_999_997n, 99n],
      [3n, 61n],
    ] as const) {
      id += 1;
      await f.write(alice, { ...f.payment, functionName: 'createTask', args: [taskId(id), cost] });
      const receipt = await f.write(f.coordinator, {
        ...f.payment,
        functionName: 'completeTask',
        args: [taskId(id), node, cost, score],
      });
      expect(receipt.status).toBe('success');
      const [nodeShare, stakers, treasury] = await f.read({
        ...f.payment,
        functionName: 'splitRevenue',
        args: [cost, score],
      });
      expect(nodeShare + stakers + treasury).toBe(cost);
    }
    // Everything that left alice's escrow is accounted for inside the contract.
    const [credit] = await f.read({ ...f.payment, functionName: 'nodes', args: [node] });
    const treasury = await f.read({ ...f.payment, functionName: 'treasuryBalance' });
    const stakers = await f.read({ ...f.payment, functionName: 'pendingStakerRevenue' });
    const escrow = await f.read({ ...f.payment, functionName: 'userBalances', args: [alice] });
    expect(credit + treasury + stakers + escrow).toBe(parseEther('2'));
  });

  it('backdated rewards: a top-up after a year of staking 1 wei earns nothing for that year', async () => {
    await f.approve(f.admin, f.staking.address, parseEther('100000'));
    await f.write(f.admin, {
      ...f.staking,
      functionName: 'fundReserve',
      args: [parseEther('100000')],
    });
    await f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [10_000n] });
    const t = await f.chain.latestTimestamp();
    await f.at(t + 1n);
    await f.write(mallory, { ...f.staking, functionName: 'stake', args: [1n, 0] });
    await f.at(t + 1n + YEAR);
    await f.write(mallory, { ...f.staking, functionName: 'stake', args: [parseEther('999999'), 0] });
    await f.at(t + 2n + YEAR);
    await f.write(mallory, { ...f.staking, functionName: 'claimRewards' });
    // 1 wei for a year at 100% (= 1 wei) plus 999,999 FAR for one second at 100% (≈ 0.0317 FAR),
    // not a year of 100% on the top-up.
    const perTokenPerSecond = (10_000n * 10n ** 18n) / (YEAR * 10_000n);
    const expectedReward = 1n + ((parseEther('999999') + 1n) * perTokenPerSecond) / 10n ** 18n;
    expect(await f.balanceOf(mallory)).toBe(parseEther('1') - 1n + expectedReward);
    expect(expectedReward).toBeLessThan(parseEther('0.04'));
  });

  it('staking just before a notify to skim it: a flash staker gets a per-second sliver, not the 20%', async () => {
    await f.write(f.admin, { ...f.staking, functionName: 'setRewardRate', args: [0n] });
    await f.write(alice, { ...f.staking, functionName: 'stake', args: [parseEther('1000'), 4] });
    await f.write(alice, { ...f.payment, functionName: 'deposit', args: [parseEther('1000')] });
    await f.write(alice, {
      ...f.payment,
      functionName: 'createTask',
      args: [taskId(3), parseEther('1000')],
    });
    await f.write(f.coordinator, {
      ...f.payment,
      functionName: 'completeTask',
      args: [taskId(3), node, parseEther('1000'), 80n],
    });
    // Mallory front-runs the flush with a huge stake and leaves right after it.
    await f.write(mallory, { ...f.staking, functionName: 'stake', args: [parseEther('999000'), 0] });
    await f.write(mallory, { ...f.payment, functionName: 'flushStakerRevenue' });
    await f.write(mallory, {
      ...f.staking,
      functionName: 'unstake',
      args: [0n, parseEther('999000')],
    });
    await f.write(mallory, { ...f.staking, functionName: 'claimRewards' });
    const skimmed = (await f.balanceOf(mallory)) - parseEther('1000000');
    // 200 FAR stream over 7 days; one second of it is ~0.00033 FAR.
    expect(skimmed).toBeLessThan(parseEther('0.001'));
    await f.chain.increaseTime(8n * DAY);
    expect(await f.read({ ...f.staking, functionName: 'calculateRewards', args: [alice] })).toBeGreaterThan(
      parseEther('199.99'),
    );
  });

  it('replayed batch: the same settleBatch call cannot be applied twice', async () => {
    await f.write(alice, { ...f.payment, functionName: 'deposit', args: [parseEther('10')] });
    const authorization = {
      user: alice,
      cap: parseEther('10'),
      expiry: (await f.chain.latestTimestamp()) + DAY,
      nonce: 1n,
    };
    const signature = await f.chain.walletFor(alice).signTypedData({
      domain: spendingAuthorizationDomain(31337, f.payment.address),
      types: spendingAuthorizationTypes,
      primaryType: 'SpendingAuthorization',
      message: authorization,
    });
    const batch = buildSettlementBatch([
      { user: alice, node, actualCost: parseEther('1'), performanceScore: 80 },
    ]);
    const args = [
      1n,
      batch.debits,
      batch.credits,
      batch.stakersShare,
      batch.treasuryShare,
      [{ authorization, signature }],
    ] as const;
    await f.write(f.coordinator, { ...f.payment, functionName: 'settleBatch', args });
    await expectRevert(
      f.write(f.coordinator, { ...f.payment, functionName: 'settleBatch', args }),
      'InvalidBatchId',
    );
    // Re-numbered, it is a new batch: the old signature is skipped (its nonce is used), so it cannot
    // restore the cap the first batch spent; the debit draws on what is left of it.
    const [, ...rest] = args;
    const renumbered = await f.write(f.coordinator, {
      ...f.payment,
      functionName: 'settleBatch',
      args: [2n, ...rest],
    });
    expect(skippedAuthorizations(renumbered)).toEqual([
      { user: alice, nonce: 1n, reason: 'AuthorizationNonceUsed' },
    ]);
    expect(await f.read({ ...f.payment, functionName: 'userBalances', args: [alice] })).toBe(parseEther('8'));
    const [allowance] = await f.read({
      ...f.payment,
      functionName: 'spendingAuthorizationOf',
      args: [alice],
    });
    expect(allowance).toBe(parseEther('8'));
  });

  it('stale price: answers older than maxPriceAge are refused', async () => {
    expect(await f.read({ ...f.payment, functionName: 'getLatestPrice' })).toBe(10_000_000n);
    await f.chain.increaseTime(3601n);
    await expectRevert(f.read({ ...f.payment, functionName: 'getLatestPrice' }), 'StalePrice');
    await f.write(f.admin, { ...f.feed, functionName: 'setPrice', args: [11_000_000n] });
    expect(await f.read({ ...f.payment, functionName: 'getLatestPrice' })).toBe(11_000_000n);
  });
});
