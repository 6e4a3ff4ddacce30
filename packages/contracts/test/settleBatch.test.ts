import { type Address, parseEther } from 'viem';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildSettlementBatch } from '../src/buildSettlementBatch.js';
import { packSettlementEntry } from '../src/packSettlementEntry.js';
import { spendingAuthorizationDomain } from '../src/spendingAuthorizationDomain.js';
import { type SpendingAuthorization, spendingAuthorizationTypes } from '../src/spendingAuthorizationTypes.js';
import { deployFixture, expectRevert, type Fixture, skippedAuthorizations } from './support/deployFixture.js';

const HOUR = 3600n;

describe('InferencePayment: batched settlement', () => {
  let f: Fixture;
  let alice: Address;
  let bob: Address;
  let nodeA: Address;
  let nodeB: Address;
  let snapshot: `0x${string}`;

  beforeAll(async () => {
    f = await deployFixture();
    [alice, bob, nodeA, nodeB] = f.users as [Address, Address, Address, Address];
    for (const user of [alice, bob]) {
      await f.approve(user, f.payment.address, parseEther('1000000'));
      await f.write(user, { ...f.payment, functionName: 'deposit', args: [parseEther('100')] });
    }
    for (const node of [nodeA, nodeB]) {
      await f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [node] });
    }
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });

  const sign = async (user: Address, cap: bigint, nonce = 1n, expiry?: bigint, signer = user) => {
    const authorization: SpendingAuthorization = {
      user,
      cap,
      expiry: expiry ?? (await f.chain.latestTimestamp()) + 30n * 24n * HOUR,
      nonce,
    };
    const signature = await f.chain.walletFor(signer).signTypedData({
      domain: spendingAuthorizationDomain(31337, f.payment.address),
      types: spendingAuthorizationTypes,
      primaryType: 'SpendingAuthorization',
      message: authorization,
    });
    return { authorization, signature };
  };
  /** acceptSpendingAuthorization's arguments, in the contract's order. */
  const acceptArgsOf = ({ authorization, signature }: Awaited<ReturnType<typeof sign>>) =>
    [authorization, signature] as const;
  const settle = (
    batchId: bigint,
    debits: bigint[],
    credits: bigint[],
    stakers: bigint,
    treasury: bigint,
    authorizations: Awaited<ReturnType<typeof sign>>[] = [],
    from = f.coordinator,
  ) =>
    f.write(from, {
      ...f.payment,
      functionName: 'settleBatch',
      args: [batchId, debits, credits, stakers, treasury, authorizations],
    });
  const balanceIn = (user: Address) =>
    f.read({ ...f.payment, functionName: 'userBalances', args: [user] }) as Promise<bigint>;
  const authorizationOf = (user: Address) =>
    f.read({ ...f.payment, functionName: 'spendingAuthorizationOf', args: [user] });

  it('settles many users and nodes in one transaction, storing signed authorizations on first use', async () => {
    const batch = buildSettlementBatch([
      { user: alice, node: nodeA, actualCost: parseEther('3'), performanceScore: 90 },
      { user: bob, node: nodeB, actualCost: parseEther('2'), performanceScore: 70 },
      { user: alice, node: nodeB, actualCost: parseEther('1'), performanceScore: 100 },
    ]);
    const auths = [await sign(alice, parseEther('10')), await sign(bob, parseEther('10'))];
    const receipt = await settle(
      1n,
      batch.debits,
      batch.credits,
      batch.stakersShare,
      batch.treasuryShare,
      auths,
    );
    expect(receipt.status).toBe('success');
    expect(await balanceIn(alice)).toBe(parseEther('96'));
    expect(await balanceIn(bob)).toBe(parseEther('98'));
    const [creditA] = await f.read({ ...f.payment, functionName: 'nodes', args: [nodeA] });
    expect(creditA).toBe(batch.creditsByNode.get(nodeA));
    expect(await f.read({ ...f.payment, functionName: 'treasuryBalance' })).toBe(batch.treasuryShare);
    expect(await f.read({ ...f.staking, functionName: 'pendingRevenue' })).toBe(batch.stakersShare);
    expect(await f.balanceOf(f.staking.address)).toBe(batch.stakersShare);
    const [allowance, , nonce] = await authorizationOf(alice);
    expect([allowance, nonce]).toEqual([parseEther('6'), 1n]);
    expect(await f.read({ ...f.payment, functionName: 'nextBatchId' })).toBe(2n);

    // The next batch carries no signatures: the stored authorization is used.
    const second = buildSettlementBatch([
      { user: alice, node: nodeA, actualCost: parseEther('1'), performanceScore: 80 },
    ]);
    await settle(2n, second.debits, second.credits, second.stakersShare, second.treasuryShare);
    expect(await balanceIn(alice)).toBe(parseEther('95'));
  });

  it('bounds each user by the signed cap and by escrow', async () => {
    await f.write(f.coordinator, {
      ...f.payment,
      functionName: 'acceptSpendingAuthorization',
      args: acceptArgsOf(await sign(alice, 1_000n)),
    });
    const over = buildSettlementBatch([
      { user: alice, node: nodeA, actualCost: 1_001n, performanceScore: 80 },
    ]);
    await expectRevert(
      settle(1n, over.debits, over.credits, over.stakersShare, over.treasuryShare),
      'SpendingCapExceeded',
    );
    await f.write(bob, {
      ...f.payment,
      functionName: 'acceptSpendingAuthorization',
      args: acceptArgsOf(await sign(bob, parseEther('1000'))),
    });
    const broke = buildSettlementBatch([
      { user: bob, node: nodeA, actualCost: parseEther('101'), performanceScore: 80 },
    ]);
    await expectRevert(
      settle(1n, broke.debits, broke.credits, broke.stakersShare, broke.treasuryShare),
      'InsufficientBalance',
    );
  });

  it('rejects users without a live authorization, expired ones, and forged signatures', async () => {
    const batch = buildSettlementBatch([
      { user: alice, node: nodeA, actualCost: 100n, performanceScore: 80 },
    ]);
    await expectRevert(
      settle(1n, batch.debits, batch.credits, batch.stakersShare, batch.treasuryShare),
      'AuthorizationExpired',
    );
    // A forged signature is skipped, not stored, so alice still has no authorization to debit.
    const forged = await sign(alice, 1_000n, 1n, undefined, bob);
    await expectRevert(
      settle(1n, batch.debits, batch.credits, batch.stakersShare, batch.treasuryShare, [forged]),
      'AuthorizationExpired',
    );
    expect(skippedAuthorizations(await settle(1n, [], [], 0n, 0n, [forged]))).toEqual([
      { user: alice, nonce: 1n, reason: 'InvalidAuthorizationSignature' },
    ]);
    const now = await f.chain.latestTimestamp();
    const short = await sign(alice, 1_000n, 1n, now + 10n);
    await settle(2n, [], [], 0n, 0n, [short]);
    await f.chain.increaseTime(11n);
    await expectRevert(
      settle(3n, batch.debits, batch.credits, batch.stakersShare, batch.treasuryShare),
      'AuthorizationExpired',
    );
    expect(skippedAuthorizations(await settle(3n, [], [], 0n, 0n, [await sign(alice, 1n, 2n, now)]))).toEqual(
      [{ user: alice, nonce: 2n, reason: 'AuthorizationExpired' }],
    );
    await expectRevert(
      f.write(f.coordinator, {
        ...f.payment,
        functionName: 'acceptSpendingAuthorization',
        args: acceptArgsOf(await sign(alice, 1n, 2n, now)),
      }),
      'AuthorizationExpired',
    );
  });

  it('replaces an authorization only with a higher nonce', async () => {
    const first = await sign(alice, 1_000n, 5n);
    await settle(1n, [], [], 0n, 0n, [first]);
    const stale = [first, await sign(alice, 9_000n, 4n)];
    expect(skippedAuthorizations(await settle(2n, [], [], 0n, 0n, stale))).toEqual([
      { user: alice, nonce: 5n, reason: 'AuthorizationNonceUsed' },
      { user: alice, nonce: 4n, reason: 'AuthorizationNonceUsed' },
    ]);
    expect(await authorizationOf(alice)).toEqual([1_000n, first.authorization.expiry, 5n]);
    await expectRevert(
      f.write(f.coordinator, {
        ...f.payment,
        functionName: 'acceptSpendingAuthorization',
        args: acceptArgsOf(first),
      }),
      'AuthorizationNonceUsed',
    );
    await settle(3n, [], [], 0n, 0n, [await sign(alice, 9_000n, 6n)]);
    const [allowance, , nonce] = await authorizationOf(alice);
    expect([allowance, nonce]).toEqual([9_000n, 6n]);
  });

  it('requires Σ debits = Σ node credits + stakers + treasury, and nodes ≤ 66%', async () => {
    await settle(1n, [], [], 0n, 0n, [await sign(alice, parseEther('50'))]);
    const debit = [packSettlementEntry(alice, 1_000n)];
    await expectRevert(settle(2n, debit, [packSettlementEntry(nodeA, 600n)], 200n, 199n), 'BatchUnbalanced');
    await expectRevert(settle(2n, debit, [packSettlementEntry(nodeA, 661n)], 200n, 139n), 'NodeShareTooHigh');
    await expectRevert(
      settle(2n, debit, [packSettlementEntry(f.user(9), 600n)], 200n, 200n),
      'NodeNotActive',
    );
    await settle(2n, debit, [packSettlementEntry(nodeA, 660n)], 200n, 140n);
  });

  it('is oracle-only and sequential', async () => {
    await expectRevert(settle(1n, [], [], 0n, 0n, [], alice), 'AccessControlUnauthorizedAccount');
    await expectRevert(settle(2n, [], [], 0n, 0n), 'InvalidBatchId');
    await settle(1n, [], [], 0n, 0n);
    await expectRevert(settle(1n, [], [], 0n, 0n), 'InvalidBatchId');
  });

  it('hands pending per-task stakers revenue to FARStaking with the batch, in one notify', async () => {
    await f.write(alice, {
      ...f.payment,
      functionName: 'createTask',
      args: [`0x${'11'.repeat(32)}`, 1_000n],
    });
    await f.write(f.coordinator, {
      ...f.payment,
      functionName: 'completeTask',
      args: [`0x${'11'.repeat(32)}`, nodeA, 1_000n, 80n],
    });
    await settle(1n, [], [], 0n, 0n);
    expect(await f.read({ ...f.payment, functionName: 'pendingStakerRevenue' })).toBe(0n);
    expect(await f.read({ ...f.staking, functionName: 'pendingRevenue' })).toBe(200n);
  });

  it('blocks withdrawals while an authorization is live; revocation frees them after the grace period', async () => {
    await settle(1n, [], [], 0n, 0n, [await sign(alice, 1_000n, 1n)]);
    await expectRevert(
      f.write(alice, { ...f.payment, functionName: 'withdraw', args: [1n] }),
      'SpendingAuthorizationActive',
    );
    const t = await f.chain.latestTimestamp();
    await f.at(t + 1n);
    await f.write(alice, { ...f.payment, functionName: 'revokeSpendingAuthorization', args: [3n] });
    const [, expiry, nonce] = await authorizationOf(alice);
    expect([expiry, nonce]).toEqual([t + 1n + HOUR, 3n]);
    // Within the grace period the coordinator can still settle what was served.
    const batch = buildSettlementBatch([
      { user: alice, node: nodeA, actualCost: 100n, performanceScore: 80 },
    ]);
    await settle(2n, batch.debits, batch.credits, batch.stakersShare, batch.treasuryShare);
    // Authorizations signed before the revocation cannot bring it back.
    expect(skippedAuthorizations(await settle(3n, [], [], 0n, 0n, [await sign(alice, 1_000n, 3n)]))).toEqual([
      { user: alice, nonce: 3n, reason: 'AuthorizationNonceUsed' },
    ]);
    await f.at(t + 2n + HOUR);
    await f.write(alice, { ...f.payment, functionName: 'withdraw', args: [parseEther('1')] });
    await expectRevert(
      settle(4n, batch.debits, batch.credits, batch.stakersShare, batch.treasuryShare),
      'AuthorizationExpired',
    );
  });

  it('lets anyone submit a valid authorization and exposes the digest users sign', async () => {
    const signed = await sign(bob, 5n, 2n);
    const digest = await f.read({
      ...f.payment,
      functionName: 'hashSpendingAuthorization',
      args: [signed.authorization],
    });
    const { hashTypedData } = await import('viem');
    expect(digest).toBe(
      hashTypedData({
        domain: spendingAuthorizationDomain(31337, f.payment.address),
        types: spendingAuthorizationTypes,
        primaryType: 'SpendingAuthorization',
        message: signed.authorization,
      }),
    );
    await f.write(alice, {
      ...f.payment,
      functionName: 'acceptSpendingAuthorization',
      args: acceptArgsOf(signed),
    });
    const [allowance] = await authorizationOf(bob);
    expect(allowance).toBe(5n);
  });
});
