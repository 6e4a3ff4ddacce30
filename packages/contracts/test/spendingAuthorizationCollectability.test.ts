/**
 * Attacks on the collectability rule: the coordinator serves requests against a user's live spending
 * authorization and settles them later, so no action of the user (a lower cap, an earlier expiry, a
 * replacing authorization, a revocation, a withdrawal, a per-task escrow) may make the charges it already
 * admitted uncollectable, and no user may make a batch revert for everyone by front-running it.
 */
import { type Address, type Hex, parseEther, parseEventLogs, type TransactionReceipt } from 'viem';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inferencePaymentAbi } from '../src/abi/inferencePaymentAbi.js';
import { buildSettlementBatch, type SettlementCharge } from '../src/buildSettlementBatch.js';
import { spendingAuthorizationDomain } from '../src/spendingAuthorizationDomain.js';
import { type SpendingAuthorization, spendingAuthorizationTypes } from '../src/spendingAuthorizationTypes.js';
import {
  deployFixture,
  expectRevert,
  type Fixture,
  skippedAuthorizations,
  taskId,
  type WriteArgs,
  type WriteFunctionName,
} from './support/deployFixture.js';

const HOUR = 3600n;
const DAY = 24n * HOUR;
const GRACE = HOUR;

/**
 * Gas that one more user adds to a settleBatch (one debit entry: calldata, one cold SLOAD, one SSTORE),
 * measured by this file's `marginalDebitGas` on the contract before scheduled authorizations existed
 * (commit 929442e). Scheduling must not make ordinary users' debits dearer.
 */
const DEBIT_GAS_PER_USER_BEFORE_SCHEDULING = 5_793n;

describe('InferencePayment: admitted charges stay collectable', () => {
  let f: Fixture;
  let alice: Address;
  let bob: Address;
  let carol: Address;
  let node: Address;
  let snapshot: Hex;

  beforeAll(async () => {
    f = await deployFixture();
    [alice, bob, carol, node] = f.users as [Address, Address, Address, Address];
    for (const user of [alice, bob, carol]) {
      await f.approve(user, f.payment.address, parseEther('1000000'));
      await f.write(user, { ...f.payment, functionName: 'deposit', args: [parseEther('100')] });
    }
    await f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [node] });
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.testClient.setAutomine(true);
    await f.chain.revert(snapshot);
  });

  const sign = async (user: Address, cap: bigint, nonce: bigint, expiry?: bigint) => {
    const authorization: SpendingAuthorization = {
      user,
      cap,
      expiry: expiry ?? (await f.chain.latestTimestamp()) + 30n * DAY,
      nonce,
    };
    const signature = await f.chain.walletFor(user).signTypedData({
      domain: spendingAuthorizationDomain(31337, f.payment.address),
      types: spendingAuthorizationTypes,
      primaryType: 'SpendingAuthorization',
      message: authorization,
    });
    return { authorization, signature };
  };
  const accept = async (signed: Awaited<ReturnType<typeof sign>>, from = f.coordinator) =>
    f.write(from, {
      ...f.payment,
      functionName: 'acceptSpendingAuthorization',
      args: [signed.authorization, signed.signature],
    });
  const settle = async (
    charges: SettlementCharge[],
    authorizations: Awaited<ReturnType<typeof sign>>[] = [],
  ) => {
    const batchId = (await f.read({ ...f.payment, functionName: 'nextBatchId' })) as bigint;
    const batch = buildSettlementBatch(charges);
    return f.write(f.coordinator, {
      ...f.payment,
      functionName: 'settleBatch',
      args: [batchId, batch.debits, batch.credits, batch.stakersShare, batch.treasuryShare, authorizations],
    });
  };
  const charge = (user: Address, actualCost: bigint): SettlementCharge => ({
    user,
    node,
    actualCost,
    performanceScore: 80,
  });
  const pay = <name extends WriteFunctionName<typeof inferencePaymentAbi>>(
    from: Address,
    functionName: name,
    args: WriteArgs<typeof inferencePaymentAbi, name>,
  ) => f.send(f.payment, from, functionName, args);
  const authorizationOf = (user: Address) =>
    f.read({ ...f.payment, functionName: 'spendingAuthorizationOf', args: [user] }) as Promise<
      readonly [bigint, bigint, bigint]
    >;
  const scheduledOf = (user: Address) =>
    f.read({ ...f.payment, functionName: 'scheduledSpendingAuthorizationOf', args: [user] }) as Promise<
      readonly [bigint, bigint, bigint, bigint]
    >;
  const balanceIn = (user: Address) =>
    f.read({ ...f.payment, functionName: 'userBalances', args: [user] }) as Promise<bigint>;
  /** Mines an empty block at `timestamp`, so views see that moment. */
  const mineAt = async (timestamp: bigint) => {
    await f.at(timestamp);
    await f.chain.testClient.mine({ blocks: 1 });
  };
  const eventsOf = (receipt: TransactionReceipt) =>
    parseEventLogs({ abi: inferencePaymentAbi, logs: receipt.logs }).map((log) => log.eventName);

  it('a cap-0 re-authorization and a withdraw in the same block leave the escrow in place', async () => {
    await accept(await sign(alice, parseEther('50'), 1n));
    const zero = await sign(alice, 0n, 2n);
    // Both in one block, as an attacker would bundle them; gas is given so nothing is estimated first.
    await f.chain.testClient.setAutomine(false);
    const wallet = f.chain.walletFor(alice);
    const acceptHash = await wallet.writeContract({
      ...f.payment,
      functionName: 'acceptSpendingAuthorization',
      args: [zero.authorization, zero.signature],
      gas: 300_000n,
    });
    const withdrawHash = await wallet.writeContract({
      ...f.payment,
      functionName: 'withdraw',
      args: [parseEther('100')],
      gas: 300_000n,
    });
    await f.chain.testClient.mine({ blocks: 1 });
    await f.chain.testClient.setAutomine(true);
    const [accepted, withdrawn] = await Promise.all(
      [acceptHash, withdrawHash].map((hash) => f.chain.publicClient.waitForTransactionReceipt({ hash })),
    );
    expect(accepted?.blockNumber).toBe(withdrawn?.blockNumber);
    expect(accepted?.status).toBe('success');
    expect(withdrawn?.status).toBe('reverted');
    expect(await balanceIn(alice)).toBe(parseEther('100'));
    // Sent on its own, the withdrawal names the reason: the old authorization is live for the grace period.
    await expectRevert(pay(alice, 'withdraw', [parseEther('100')]), 'SpendingAuthorizationActive');
    // What was served against the old cap is still collected.
    await settle([charge(alice, parseEther('40'))]);
    expect(await balanceIn(alice)).toBe(parseEther('60'));
  });

  it('charges admitted before a reduction settle during the grace period; after it the reduced cap binds', async () => {
    await accept(await sign(alice, parseEther('50'), 1n));
    const t = await f.chain.latestTimestamp();
    await f.at(t + 10n);
    const reduced = await sign(alice, parseEther('5'), 2n, t + 60n * DAY);
    const receipt = await accept(reduced);
    expect(eventsOf(receipt)).toEqual(['SpendingAuthorizationScheduled']);
    const effectiveAt = t + 10n + GRACE;
    expect(await scheduledOf(alice)).toEqual([parseEther('5'), t + 60n * DAY, effectiveAt, 2n]);
    // The live authorization keeps its allowance until just before the reduction takes effect.
    expect(await authorizationOf(alice)).toEqual([parseEther('50'), effectiveAt - 1n, 2n]);

    await f.at(effectiveAt - 1n);
    await settle([charge(alice, parseEther('30'))]);
    expect(await balanceIn(alice)).toBe(parseEther('70'));

    await mineAt(effectiveAt);
    expect(await authorizationOf(alice)).toEqual([parseEther('5'), t + 60n * DAY, 2n]);
    await expectRevert(settle([charge(alice, parseEther('5') + 1n)]), 'SpendingCapExceeded');
    const applied = await settle([charge(alice, parseEther('5'))]);
    expect(eventsOf(applied)).toContain('ScheduledSpendingAuthorizationApplied');
    expect(await authorizationOf(alice)).toEqual([0n, t + 60n * DAY, 2n]);
    expect(await scheduledOf(alice)).toEqual([0n, 0n, 0n, 0n]);
    expect(await balanceIn(alice)).toBe(parseEther('65'));
    // Spent to zero, nothing is live any more: the rest of the escrow is the user's again.
    await pay(alice, 'withdraw', [parseEther('65')]);
  });

  it('an earlier expiry does not take effect before the grace period', async () => {
    await accept(await sign(alice, parseEther('50'), 1n));
    const t = await f.chain.latestTimestamp();
    await f.at(t + 1n);
    await accept(await sign(alice, parseEther('50'), 2n, t + 5n));
    const effectiveAt = t + 1n + GRACE;
    expect(await scheduledOf(alice)).toEqual([parseEther('50'), t + 5n, effectiveAt, 2n]);

    // Past the signed expiry, still inside the grace period: the old authorization settles, escrow stays.
    await f.at(t + 600n);
    await expectRevert(pay(alice, 'withdraw', [1n]), 'SpendingAuthorizationActive');
    await settle([charge(alice, parseEther('20'))]);
    expect(await balanceIn(alice)).toBe(parseEther('80'));

    // Once it takes effect it has already expired: nothing is live, and the escrow can leave.
    await mineAt(effectiveAt);
    expect(await authorizationOf(alice)).toEqual([parseEther('50'), t + 5n, 2n]);
    await expectRevert(settle([charge(alice, 1n)]), 'AuthorizationExpired');
    const receipt = await pay(alice, 'withdraw', [parseEther('80')]);
    expect(eventsOf(receipt)).toEqual(['ScheduledSpendingAuthorizationApplied', 'Withdrawn']);
  });

  it('an authorization that lowers nothing applies at once and cancels a scheduled one', async () => {
    await accept(await sign(alice, parseEther('50'), 1n));
    await settle([charge(alice, parseEther('10'))]);
    // 40 left of the cap: a new cap of 40 with a later expiry lowers nothing.
    const t = await f.chain.latestTimestamp();
    const renewal = await accept(await sign(alice, parseEther('40'), 2n, t + 90n * DAY));
    expect(eventsOf(renewal)).toEqual(['SpendingAuthorized']);
    expect(await authorizationOf(alice)).toEqual([parseEther('40'), t + 90n * DAY, 2n]);

    await accept(await sign(alice, parseEther('1'), 3n, t + 90n * DAY));
    expect((await scheduledOf(alice))[0]).toBe(parseEther('1'));
    const increase = await accept(await sign(alice, parseEther('500'), 4n, t + 365n * DAY));
    expect(eventsOf(increase)).toEqual(['ScheduledSpendingAuthorizationCancelled', 'SpendingAuthorized']);
    expect(await scheduledOf(alice)).toEqual([0n, 0n, 0n, 0n]);
    expect(await authorizationOf(alice)).toEqual([parseEther('500'), t + 365n * DAY, 4n]);
    await settle([charge(alice, parseEther('90'))]);
  });

  it('a second reduction replaces the scheduled one and restarts the clock', async () => {
    await accept(await sign(alice, parseEther('50'), 1n));
    const t = await f.chain.latestTimestamp();
    await f.at(t + 1n);
    await accept(await sign(alice, parseEther('20'), 2n));
    await f.at(t + 1_000n);
    await accept(await sign(alice, 0n, 3n));
    expect(await scheduledOf(alice)).toEqual([0n, (await scheduledOf(alice))[1], t + 1_000n + GRACE, 3n]);
    // The live authorization is not extended: it still ends where the first reduction put it.
    expect((await authorizationOf(alice))[1]).toBe(t + GRACE);
    await f.at(t + 1n + GRACE);
    await expectRevert(pay(alice, 'withdraw', [1n]), 'SpendingAuthorizationPending');
    await f.at(t + 1_000n + GRACE);
    await pay(alice, 'withdraw', [parseEther('100')]);
  });

  it('revoke cancels a scheduled authorization and ends the live one after the grace period', async () => {
    await accept(await sign(alice, parseEther('50'), 1n));
    const t = await f.chain.latestTimestamp();
    await f.at(t + 1n);
    await accept(await sign(alice, parseEther('10'), 2n));
    await f.at(t + 100n);
    const receipt = await pay(alice, 'revokeSpendingAuthorization', [0n]);
    expect(eventsOf(receipt)).toEqual([
      'ScheduledSpendingAuthorizationCancelled',
      'SpendingAuthorizationRevoked',
    ]);
    expect(await scheduledOf(alice)).toEqual([0n, 0n, 0n, 0n]);
    // Revocation never extends: the clamp of the reduction (t + GRACE) is earlier than t + 100 + GRACE.
    expect(await authorizationOf(alice)).toEqual([parseEther('50'), t + GRACE, 2n]);
    await settle([charge(alice, parseEther('50'))]);
    await f.at(t + GRACE + 1n);
    await expectRevert(settle([charge(alice, 1n)]), 'AuthorizationExpired');
    await pay(alice, 'withdraw', [parseEther('50')]);
  });

  it('createTask cannot move escrow out of reach of the batch while an authorization is live or scheduled', async () => {
    await accept(await sign(alice, parseEther('50'), 1n));
    await expectRevert(
      pay(alice, 'createTask', [taskId(1), parseEther('100')]),
      'SpendingAuthorizationActive',
    );
    await pay(alice, 'revokeSpendingAuthorization', [0n]);
    await f.chain.increaseTime(GRACE + 1n);
    await pay(alice, 'createTask', [taskId(1), parseEther('100')]);

    await accept(await sign(bob, parseEther('50'), 1n));
    await accept(await sign(bob, parseEther('10'), 2n));
    // Spent to zero, but the reduction scheduled behind it is still to come: refused until it takes effect.
    await settle([charge(bob, parseEther('50'))]);
    await expectRevert(pay(bob, 'createTask', [taskId(2), 1n]), 'SpendingAuthorizationPending');
    await expectRevert(pay(bob, 'withdraw', [1n]), 'SpendingAuthorizationPending');
  });

  it('a user front-running the batch with a higher nonce no longer makes it revert for everyone', async () => {
    await accept(await sign(alice, parseEther('50'), 1n));
    // The coordinator holds alice's renewal (nonce 2) and bob's first authorization for the next batch.
    const renewal = await sign(alice, parseEther('80'), 2n);
    const bobFirst = await sign(bob, parseEther('50'), 1n);
    // Alice front-runs it with nonce 3, cap 0: a reduction, so it waits for the grace period.
    await accept(await sign(alice, 0n, 3n), alice);
    const receipt = await settle(
      [charge(alice, parseEther('30')), charge(bob, parseEther('20'))],
      [renewal, bobFirst],
    );
    expect(skippedAuthorizations(receipt)).toEqual([
      { user: alice, nonce: 2n, reason: 'AuthorizationNonceUsed' },
    ]);
    expect(await balanceIn(alice)).toBe(parseEther('70'));
    expect(await balanceIn(bob)).toBe(parseEther('80'));
    expect(await authorizationOf(bob)).toEqual([parseEther('30'), bobFirst.authorization.expiry, 1n]);
  });

  it('a debit that cannot be collected reverts with an error naming its user', async () => {
    await accept(await sign(alice, parseEther('50'), 1n));
    await accept(await sign(bob, parseEther('5'), 1n));
    const message = await expectRevert(
      settle([charge(alice, parseEther('10')), charge(bob, parseEther('10'))]),
      'SpendingCapExceeded',
    );
    expect(message.toLowerCase()).toContain(bob.toLowerCase());
    // No live authorization at all (carol never signed one), or escrow short: the user is named too.
    expect((await expectRevert(settle([charge(carol, 1n)]), 'AuthorizationExpired')).toLowerCase()).toContain(
      carol.toLowerCase(),
    );
    await accept(await sign(carol, parseEther('1000'), 1n));
    expect(
      (await expectRevert(settle([charge(carol, parseEther('101'))]), 'InsufficientBalance')).toLowerCase(),
    ).toContain(carol.toLowerCase());
  });

  it('with a zero grace period a reduction applies at once', async () => {
    await f.write(f.admin, { ...f.payment, functionName: 'setRevocationGracePeriod', args: [0n] });
    await accept(await sign(alice, parseEther('50'), 1n));
    await accept(await sign(alice, 0n, 2n));
    expect((await authorizationOf(alice))[0]).toBe(0n);
    expect(await scheduledOf(alice)).toEqual([0n, 0n, 0n, 0n]);
    await pay(alice, 'withdraw', [parseEther('100')]);
  });

  /** Gas of debiting `second` as one more user, next to `first`, from the same chain state. */
  const marginalDebitGas = async (first: Address, second: Address) => {
    const before = await f.chain.snapshot();
    const amount = 2n ** 64n;
    const alone = await settle([charge(first, amount * 2n)]);
    await f.chain.revert(before);
    const again = await f.chain.snapshot();
    const together = await settle([charge(first, amount), charge(second, amount)]);
    await f.chain.revert(again);
    return together.gasUsed - alone.gasUsed;
  };

  it('a debit costs the same gas as before scheduling existed, with or without a reduction scheduled', async () => {
    await accept(await sign(alice, parseEther('1000'), 1n));
    await accept(await sign(bob, parseEther('1000'), 1n));
    // Warm the node's credit slot so its first credit (a fresh SSTORE) is not part of either batch.
    await settle([charge(alice, 1n)]);
    const plain = await marginalDebitGas(alice, bob);
    await accept(await sign(bob, parseEther('500'), 2n));
    expect((await scheduledOf(bob))[2]).not.toBe(0n);
    const scheduled = await marginalDebitGas(alice, bob);
    // A reduction waiting behind a live authorization is not even read by the debit.
    expect(scheduled).toBe(plain);
    expect(plain).toBeLessThanOrEqual(DEBIT_GAS_PER_USER_BEFORE_SCHEDULING);
  });
});
