import { farStakingAbi } from '@far/contracts';
import { chainCursors, ledgerTransactions, settlementBatches, testDrivers } from '@far/db';
import { eq, isNull } from 'drizzle-orm';
import { type Hash, parseEther, parseEventLogs } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectUnsettledCharges } from '../src/ledger/collectUnsettledCharges.js';
import { getAccountBalance } from '../src/ledger/getAccountBalance.js';
import { planSettlementBatch } from '../src/settlement/planSettlementBatch.js';
import { readSettlementLimits } from '../src/settlement/readSettlementLimits.js';
import { recordSettlementBatch } from '../src/settlement/recordSettlementBatch.js';
import { settleBatchArgs } from '../src/settlement/settlementBatchItems.js';
import { readSpendingAuthorizationStatus } from '../src/spendingAuthorization/readSpendingAuthorizationStatus.js';
import { createSettlementTestbed, type SettlementTestbed } from './support/createSettlementTestbed.js';

describe.each(testDrivers())('settlement batcher on %s', (driver) => {
  let bed: SettlementTestbed;

  beforeAll(async () => {
    bed = await createSettlementTestbed(driver);
  });
  afterAll(async () => {
    await bed?.close();
  });

  const at = (index: number) => bed.at(index);
  const read = <T>(functionName: string, args: unknown[] = []) => bed.read<T>(functionName, args);
  /** What the coordinator does for a served request: reserve, then settle at the actual cost. */
  const charge = (userId: string, actual: bigint, score = 90) =>
    bed.charge(userId, actual, { score, headroom: 1_000n });

  it('settles captured charges in one transaction that matches the ledger to the wei', async () => {
    const alice = await bed.onboard(at(0), { deposit: parseEther('100'), cap: parseEther('50') });
    const bob = await bed.onboard(at(1), { deposit: parseEther('20'), cap: parseEther('1000000') });
    await charge(alice, parseEther('1.234567890123456789'));
    await charge(alice, 333_333_333_333_333_333n, 100);
    await charge(bob, parseEther('0.5'), 40);

    const result = await bed.batcher().settleOnce();
    expect(result.status).toBe('settled');
    expect(result.charges).toBe(3);
    expect(result.batchNumber).toBe(1n);

    const [credit] = await read<[bigint, bigint, number, number, boolean]>('nodes', [bed.node.owner]);
    expect(credit).toBe(await getAccountBalance(bed.db, { kind: 'node_earnings', nodeId: bed.node.id }));
    expect(await read<bigint>('treasuryBalance')).toBe(await getAccountBalance(bed.db, { kind: 'treasury' }));
    const receipt = await bed.publicClient.getTransactionReceipt({ hash: result.txHash as Hash });
    const notified = parseEventLogs({ abi: farStakingAbi, eventName: 'RevenueNotified', logs: receipt.logs });
    expect(notified.map((l) => l.args.amount)).toEqual([
      await getAccountBalance(bed.db, { kind: 'stakers_pool' }),
    ]);
    expect(await read<bigint>('userBalances', [at(0)])).toBe(
      parseEther('100') - parseEther('1.234567890123456789') - 333_333_333_333_333_333n,
    );
    expect(await read<bigint>('userBalances', [at(1)])).toBe(parseEther('19.5'));
    expect(
      await bed.db
        .select()
        .from(ledgerTransactions)
        .where(isNull(ledgerTransactions.settlementBatchId))
        .then((rows) => rows.filter((r) => r.kind === 'settle_reservation')),
    ).toEqual([]);

    // Nothing left: a second run sends nothing.
    expect((await bed.batcher().settleOnce()).status).toBe('idle');
    expect(await read<bigint>('nextBatchId')).toBe(2n);

    // The indexer confirms the batch from its BatchSettled log.
    await bed.indexer().syncOnce();
    const [batch] = await bed.db
      .select()
      .from(settlementBatches)
      .where(eq(settlementBatches.batchNumber, 1n));
    expect(batch?.status).toBe('confirmed');
    expect(batch?.txHash).toBe(result.txHash);
  });

  it('settles exactly once when the process dies between recording and sending', async () => {
    const carol = await bed.onboard(at(2), { deposit: parseEther('10'), cap: parseEther('10') });
    await charge(carol, parseEther('2'));
    const before = await read<bigint>('nextBatchId');

    // What settleOnce does up to the crash: plan and record, but never send.
    const charges = await collectUnsettledCharges(bed.db, 100);
    const limits = await readSettlementLimits(bed.db, bed.publicClient, bed.deployments, [at(2)], 300n);
    const plan = planSettlementBatch({ charges, limits, payableNodes: new Set([bed.node.owner]) });
    const recorded = await recordSettlementBatch(bed.db, before, plan);
    expect(recorded.status).toBe('pending');

    const restarted = bed.batcher();
    const result = await restarted.settleOnce();
    expect(result.reconciled).toEqual([{ batchNumber: before, outcome: 'resent' }]);
    expect((await restarted.settleOnce()).status).toBe('idle');
    expect(await read<bigint>('nextBatchId')).toBe(before + 1n);
    expect(await read<bigint>('userBalances', [at(2)])).toBe(parseEther('8'));
    const [row] = await bed.db.select().from(settlementBatches).where(eq(settlementBatches.id, recorded.id));
    expect(row?.status).toBe('submitted');
  });

  it('settles exactly once when the process dies after sending but before storing the hash', async () => {
    const dave = await bed.onboard(at(3), { deposit: parseEther('10'), cap: parseEther('10') });
    await charge(dave, parseEther('3'));
    const before = await read<bigint>('nextBatchId');
    const charges = await collectUnsettledCharges(bed.db, 100);
    const limits = await readSettlementLimits(bed.db, bed.publicClient, bed.deployments, [at(3)], 300n);
    const plan = planSettlementBatch({ charges, limits, payableNodes: new Set([bed.node.owner]) });
    const recorded = await recordSettlementBatch(bed.db, before, plan);
    const hash = await bed.coordinatorWallet.writeContract({
      ...bed.payment,
      functionName: 'settleBatchWithCreatorFees',
      args: settleBatchArgs(before, plan.content),
    });
    await bed.publicClient.waitForTransactionReceipt({ hash });

    const result = await bed.batcher().settleOnce();
    expect(result.reconciled).toEqual([{ batchNumber: before, outcome: 'landed' }]);
    expect(await read<bigint>('nextBatchId')).toBe(before + 1n);
    expect(await read<bigint>('userBalances', [at(3)])).toBe(parseEther('7'));
    const [row] = await bed.db.select().from(settlementBatches).where(eq(settlementBatches.id, recorded.id));
    expect(row?.status).toBe('submitted');
    expect(row?.txHash).toBe(hash);
  });

  it('leaves out a charge that would exceed the signed cap', async () => {
    const erin = await bed.onboard(at(4), { deposit: parseEther('10'), cap: parseEther('1') });
    await charge(erin, parseEther('0.6'));
    await charge(erin, parseEther('0.6'));

    const first = await bed.batcher().settleOnce();
    expect(first.status).toBe('settled');
    expect(first.charges).toBe(1);
    expect(first.deferred).toHaveLength(1);
    expect(first.deferred[0]?.reason).toMatch(/cap/);
    expect(await read<bigint>('userBalances', [at(4)])).toBe(parseEther('9.4'));

    // Only 0.4 FAR of the cap is left on chain: the second charge keeps waiting.
    const second = await bed.batcher().settleOnce();
    expect(second.status).toBe('deferred');
    expect(await read<bigint>('userBalances', [at(4)])).toBe(parseEther('9.4'));
    const [allowance] = await read<[bigint, bigint, bigint]>('spendingAuthorizationOf', [at(4)]);
    expect(allowance).toBe(parseEther('0.4'));
    const status = await readSpendingAuthorizationStatus(bed.db, bed.publicClient, bed.deployments, {
      userId: erin,
      walletAddress: at(4),
    });
    expect(status).toMatchObject({
      unsettledWei: parseEther('0.6'),
      headroomWei: 0n,
      active: true,
      pending: null,
    });
  });

  it('moves node earnings out of the ledger when the node withdraws them on chain', async () => {
    const [credit] = await read<[bigint]>('nodes', [bed.node.owner]);
    const ledgerBefore = await getAccountBalance(bed.db, { kind: 'node_earnings', nodeId: bed.node.id });
    expect(credit).toBeGreaterThan(0n);
    await bed.send(bed.node.owner, { ...bed.payment, functionName: 'withdrawEarnings', args: [credit] });
    await bed.indexer().syncOnce();
    expect(await getAccountBalance(bed.db, { kind: 'node_earnings', nodeId: bed.node.id })).toBe(
      ledgerBefore - credit,
    );
    // Replaying the range moves nothing twice.
    await bed.db
      .update(chainCursors)
      .set({ blockNumber: BigInt(bed.deployments.deployBlock) - 1n, blockHash: null });
    await bed.indexer().syncOnce();
    expect(await getAccountBalance(bed.db, { kind: 'node_earnings', nodeId: bed.node.id })).toBe(
      ledgerBefore - credit,
    );
  });

  it('resends a recorded batch whose authorization the user submitted first: the contract skips it', async () => {
    const frank = at(5);
    const frankId = await bed.onboard(frank, { deposit: parseEther('10'), cap: parseEther('5') });
    await charge(frankId, parseEther('1'));
    const before = await read<bigint>('nextBatchId');
    const charges = await collectUnsettledCharges(bed.db, 100);
    const limits = await readSettlementLimits(bed.db, bed.publicClient, bed.deployments, [frank], 300n);
    const plan = planSettlementBatch({ charges, limits, payableNodes: new Set([bed.node.owner]) });
    const carried = plan.content.authorizations[0];
    if (carried === undefined) throw new Error('the plan should carry the stored authorization');
    await recordSettlementBatch(bed.db, before, plan);
    // Someone submits the signed authorization directly: the recorded batch now carries a used nonce.
    await bed.send(frank, {
      ...bed.payment,
      functionName: 'acceptSpendingAuthorization',
      args: [
        { user: frank, cap: carried.cap, expiry: carried.expiry, nonce: carried.nonce },
        carried.signature,
      ],
    });

    const result = await bed.batcher().settleOnce();
    expect(result.reconciled).toEqual([{ batchNumber: before, outcome: 'resent' }]);
    expect(await read<bigint>('nextBatchId')).toBe(before + 1n);
    expect(await read<bigint>('userBalances', [frank])).toBe(parseEther('9'));
    const [allowance] = await read<[bigint]>('spendingAuthorizationOf', [frank]);
    expect(allowance).toBe(parseEther('4'));
  });

  it('abandons a recorded batch that can no longer be sent, and writes off what nothing can collect any more', async () => {
    const grace = at(6);
    const graceId = await bed.onboard(grace, {
      deposit: parseEther('10'),
      cap: parseEther('5'),
      validFor: 3600n,
    });
    const charged = await charge(graceId, parseEther('1'));
    const before = await read<bigint>('nextBatchId');
    const charges = await collectUnsettledCharges(bed.db, 100);
    const limits = await readSettlementLimits(bed.db, bed.publicClient, bed.deployments, [grace], 300n);
    const plan = planSettlementBatch({ charges, limits, payableNodes: new Set([bed.node.owner]) });
    await recordSettlementBatch(bed.db, before, plan);
    // The process stays down until the authorization the batch carries has expired.
    await bed.chain.increaseTime(7200n);
    await bed.indexer().syncOnce();

    const result = await bed.batcher().settleOnce();
    expect(result.reconciled).toEqual([{ batchNumber: before, outcome: 'abandoned' }]);
    expect(result.writtenOff.map((w) => w.chargeTransactionId)).toEqual([charged]);
    expect(await read<bigint>('nextBatchId')).toBe(before);
    expect(await read<bigint>('userBalances', [grace])).toBe(parseEther('10'));
  });
});
