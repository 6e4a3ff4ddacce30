import { type Address, parseEther, parseEventLogs } from 'viem';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { revenueRelayAbi } from '../src/abi/revenueRelayAbi.js';
import { packSettlementEntry } from '../src/packSettlementEntry.js';
import { revenueSourceId } from '../src/revenueSourceId.js';
import { spendingAuthorizationDomain } from '../src/spendingAuthorizationDomain.js';
import { type SpendingAuthorization, spendingAuthorizationTypes } from '../src/spendingAuthorizationTypes.js';
import { deployFixture, expectRevert, type Fixture } from './support/deployFixture.js';

const HOUR = 3600n;

// Invariant defended: a batch's debits equal node credits + creator credits + every share, to the
// wei; creators are paid once per batch id; the fees' stakers share reaches FARStaking as `fartwin`.
describe('InferencePayment: creator fees in batched settlement', () => {
  let f: Fixture;
  let alice: Address;
  let node: Address;
  let creator: Address;
  let stranger: Address;
  let snapshot: `0x${string}`;

  beforeAll(async () => {
    f = await deployFixture();
    [alice, node, creator, stranger] = f.users as [Address, Address, Address, Address];
    await f.approve(alice, f.payment.address, parseEther('1000000'));
    await f.write(alice, { ...f.payment, functionName: 'deposit', args: [parseEther('100')] });
    await f.write(f.coordinator, { ...f.payment, functionName: 'registerNode', args: [node] });
    const authorization: SpendingAuthorization = {
      user: alice,
      cap: parseEther('50'),
      expiry: (await f.chain.latestTimestamp()) + 30n * 24n * HOUR,
      nonce: 1n,
    };
    const signature = await f.chain.walletFor(alice).signTypedData({
      domain: spendingAuthorizationDomain(31337, f.payment.address),
      types: spendingAuthorizationTypes,
      primaryType: 'SpendingAuthorization',
      message: authorization,
    });
    await f.write(f.coordinator, {
      ...f.payment,
      functionName: 'acceptSpendingAuthorization',
      args: [authorization, signature],
    });
  });
  beforeEach(async () => {
    snapshot = await f.chain.snapshot();
  });
  afterEach(async () => {
    await f.chain.revert(snapshot);
  });

  // An inference charge of 1000 wei (600 node / 200 stakers / 200 treasury) plus a twin fee of
  // 101 wei (70 creator / 20 stakers / 11 treasury): alice pays 1101 wei.
  const inference = { node: 600n, stakers: 200n, treasury: 200n };
  const fee = { creator: 70n, stakers: 20n, treasury: 11n };
  const debit =
    inference.node + inference.stakers + inference.treasury + fee.creator + fee.stakers + fee.treasury;
  const settle = (
    batchId: bigint,
    overrides: { debit?: bigint; creatorCredit?: bigint; feeStakers?: bigint; creatorAddress?: Address } = {},
    from = f.coordinator,
  ) =>
    f.write(from, {
      ...f.payment,
      functionName: 'settleBatchWithCreatorFees',
      args: [
        batchId,
        [packSettlementEntry(alice, overrides.debit ?? debit)],
        [packSettlementEntry(node, inference.node)],
        inference.stakers,
        inference.treasury + fee.treasury,
        [],
        {
          credits: [
            packSettlementEntry(overrides.creatorAddress ?? creator, overrides.creatorCredit ?? fee.creator),
          ],
          stakersShare: overrides.feeStakers ?? fee.stakers,
        },
      ],
    });
  const creatorCredit = (account: Address) =>
    f.read({ ...f.payment, functionName: 'creatorCredit', args: [account] });
  const revenueBy = (source: string) =>
    f.read({ ...f.staking, functionName: 'revenueBySource', args: [revenueSourceId(source)] });

  it('credits the creator and notifies the fee stakers share under fartwin, exact to the wei', async () => {
    const stakingBefore = await f.balanceOf(f.staking.address);
    const receipt = await settle(1n);
    expect(receipt.status).toBe('success');
    expect(await f.read({ ...f.payment, functionName: 'userBalances', args: [alice] })).toBe(
      parseEther('100') - debit,
    );
    expect(await creatorCredit(creator)).toBe(fee.creator);
    expect(await revenueBy('fartwin')).toBe(fee.stakers);
    expect(await revenueBy('inference')).toBe(inference.stakers);
    expect((await f.balanceOf(f.staking.address)) - stakingBefore).toBe(inference.stakers + fee.stakers);
    expect(await f.read({ ...f.payment, functionName: 'treasuryBalance' })).toBe(
      inference.treasury + fee.treasury,
    );
    const [event] = parseEventLogs({
      abi: f.payment.abi,
      eventName: 'CreatorFeesSettled',
      logs: receipt.logs,
    });
    expect(event?.args).toEqual({
      batchId: 1n,
      creatorsCredited: fee.creator,
      stakersShare: fee.stakers,
      creditCount: 1n,
    });

    // The creator withdraws like a node owner.
    const before = await f.balanceOf(creator);
    await f.write(creator, { ...f.payment, functionName: 'withdrawCreatorEarnings', args: [fee.creator] });
    expect((await f.balanceOf(creator)) - before).toBe(fee.creator);
    expect(await creatorCredit(creator)).toBe(0n);
    await expectRevert(
      f.write(creator, { ...f.payment, functionName: 'withdrawCreatorEarnings', args: [1n] }),
      'InsufficientCreatorCredit',
    );
  });

  it('refuses creator credits that exceed the debits minus the shares', async () => {
    await expectRevert(settle(1n, { creatorCredit: fee.creator + 1n }), 'BatchUnbalanced');
    await expectRevert(settle(1n, { feeStakers: fee.stakers + 1n }), 'BatchUnbalanced');
    // Creator credits alone above everything debited.
    await expectRevert(settle(1n, { debit: 50n }), 'BatchUnbalanced');
    expect(await creatorCredit(creator)).toBe(0n);
  });

  it('pays a creator once: a replayed batch id is refused', async () => {
    await settle(1n);
    await expectRevert(settle(1n), 'InvalidBatchId');
    expect(await creatorCredit(creator)).toBe(fee.creator);
    expect(await revenueBy('fartwin')).toBe(fee.stakers);
  });

  it('refuses a zero creator, a caller without ORACLE_ROLE, and anyone but InferencePayment at the relay', async () => {
    await expectRevert(
      settle(1n, { creatorAddress: '0x0000000000000000000000000000000000000000' }),
      'ZeroAddress',
    );
    await expectRevert(settle(1n, {}, stranger), 'AccessControlUnauthorizedAccount');
    const relay = f.deployed.serviceContracts.fartwinRevenueRelay as Address;
    await f.approve(stranger, relay, 1000n);
    await expectRevert(
      f.write(stranger, {
        address: relay,
        abi: revenueRelayAbi,
        functionName: 'notifyRevenue',
        args: [1000n],
      }),
      'NotFeeder',
    );
  });

  it('lets only the admin move the fee stakers share to another receiver', async () => {
    await expectRevert(
      f.write(stranger, { ...f.payment, functionName: 'setCreatorFeeRevenueReceiver', args: [stranger] }),
      'AccessControlUnauthorizedAccount',
    );
    const receiver = await f.read({ ...f.payment, functionName: 'creatorFeeRevenueReceiver' });
    expect(receiver.toLowerCase()).toBe(f.deployed.serviceContracts.fartwinRevenueRelay?.toLowerCase());
  });
});
