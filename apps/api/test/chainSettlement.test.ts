import { farStakingAbi, inferencePaymentAbi, splitRevenue } from '@far/contracts';
import {
  chainCursors,
  createTestDb,
  gpuNodes,
  ledgerTransactions,
  settlementBatches,
  type TestDbHandle,
  testDrivers,
} from '@far/db';
import { eq, isNull } from 'drizzle-orm';
import { type Address, type Hash, parseEther, parseEventLogs } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../src/auth/upsertUser.js';
import { createChainIndexer } from '../src/indexer/createChainIndexer.js';
import { collectUnsettledCharges } from '../src/ledger/collectUnsettledCharges.js';
import { getAccountBalance } from '../src/ledger/getAccountBalance.js';
import { reserve } from '../src/ledger/reserve.js';
import { settleReservation } from '../src/ledger/settleReservation.js';
import { createLogger } from '../src/observability/createLogger.js';
import { createSettlementBatcher } from '../src/settlement/createSettlementBatcher.js';
import { planSettlementBatch } from '../src/settlement/planSettlementBatch.js';
import { readSettlementLimits } from '../src/settlement/readSettlementLimits.js';
import { recordSettlementBatch } from '../src/settlement/recordSettlementBatch.js';
import { settleBatchArgs } from '../src/settlement/settlementBatchItems.js';
import { readSpendingAuthorizationStatus } from '../src/spendingAuthorization/readSpendingAuthorizationStatus.js';
import { storeSpendingAuthorization } from '../src/spendingAuthorization/storeSpendingAuthorization.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';

const logger = createLogger('silent');

describe.each(testDrivers())('settlement batcher on %s', (driver) => {
  let testDb: TestDbHandle;
  let bed: ChainTestbed;
  let nodeOwner: Address;
  let nodeId: string;
  let chargeCount = 0;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    bed = await createChainTestbed();
    nodeOwner = at(9);
    await upsertUser(testDb.db, nodeOwner);
    const [node] = await testDb.db
      .insert(gpuNodes)
      .values({ nodeId: `node-${driver}`, ownerAddress: nodeOwner.toLowerCase() })
      .returning();
    if (node === undefined) throw new Error('no node row');
    nodeId = node.id;
  });
  afterAll(async () => {
    await testDb?.close();
  });

  function at(index: number): Address {
    const address = bed.users[index];
    if (address === undefined) throw new Error(`no dev user ${index}`);
    return address;
  }
  const payment = () =>
    ({ address: bed.deployments.contracts.inferencePayment, abi: inferencePaymentAbi }) as const;
  const read = <T>(functionName: string, args: unknown[] = []) =>
    bed.publicClient.readContract({ ...payment(), functionName, args } as never) as Promise<T>;
  const indexer = () =>
    createChainIndexer({
      db: testDb.db,
      publicClient: bed.publicClient,
      deployments: bed.deployments,
      logger,
    });
  const batcher = () =>
    createSettlementBatcher({
      db: testDb.db,
      publicClient: bed.publicClient,
      walletClient: bed.coordinatorWallet,
      deployments: bed.deployments,
      logger,
      periodMs: 60_000,
    });

  /** Deposits on chain, indexes it, and signs + stores a spending authorization. */
  async function onboard(user: Address, deposit: bigint, cap: bigint, validFor = 365n * 24n * 3600n) {
    await bed.deposit(user, deposit);
    await indexer().syncOnce();
    const row = await upsertUser(testDb.db, user);
    const expiry = (await bed.chain.latestTimestamp()) + validFor;
    const nonce = 1n;
    await storeSpendingAuthorization(testDb.db, bed.publicClient, bed.deployments, {
      userId: row.id,
      walletAddress: user,
      cap,
      expiry,
      nonce,
      signature: await bed.signAuthorization(user, cap, expiry, nonce),
    });
    return row.id;
  }

  /** What the coordinator does for a served request: reserve, then settle at the actual cost. */
  async function charge(userId: string, actual: bigint, score = 90) {
    chargeCount += 1;
    const { reservationId } = await reserve(testDb.db, {
      userId,
      amount: actual + 1_000n,
      idempotencyKey: `test:${driver}:${chargeCount}:reserve`,
    });
    const settled = await settleReservation(testDb.db, {
      reservationId,
      actual,
      split: { nodeId, ...splitRevenue(actual, score) },
      idempotencyKey: `test:${driver}:${chargeCount}:settle`,
    });
    return settled.transactionId;
  }

  it('settles captured charges in one transaction that matches the ledger to the wei', async () => {
    const alice = await onboard(at(0), parseEther('100'), parseEther('50'));
    const bob = await onboard(at(1), parseEther('20'), parseEther('1000000'));
    await charge(alice, parseEther('1.234567890123456789'));
    await charge(alice, 333_333_333_333_333_333n, 100);
    await charge(bob, parseEther('0.5'), 40);

    const result = await batcher().settleOnce();
    expect(result.status).toBe('settled');
    expect(result.charges).toBe(3);
    expect(result.batchNumber).toBe(1n);

    const [credit] = await read<[bigint, bigint, number, number, boolean]>('nodes', [nodeOwner]);
    expect(credit).toBe(await getAccountBalance(testDb.db, { kind: 'node_earnings', nodeId }));
    expect(await read<bigint>('treasuryBalance')).toBe(
      await getAccountBalance(testDb.db, { kind: 'treasury' }),
    );
    const receipt = await bed.publicClient.getTransactionReceipt({ hash: result.txHash as Hash });
    const notified = parseEventLogs({ abi: farStakingAbi, eventName: 'RevenueNotified', logs: receipt.logs });
    expect(notified.map((l) => l.args.amount)).toEqual([
      await getAccountBalance(testDb.db, { kind: 'stakers_pool' }),
    ]);
    expect(await read<bigint>('userBalances', [at(0)])).toBe(
      parseEther('100') - parseEther('1.234567890123456789') - 333_333_333_333_333_333n,
    );
    expect(await read<bigint>('userBalances', [at(1)])).toBe(parseEther('19.5'));
    expect(
      await testDb.db
        .select()
        .from(ledgerTransactions)
        .where(isNull(ledgerTransactions.settlementBatchId))
        .then((rows) => rows.filter((r) => r.kind === 'settle_reservation')),
    ).toEqual([]);

    // Nothing left: a second run sends nothing.
    expect((await batcher().settleOnce()).status).toBe('idle');
    expect(await read<bigint>('nextBatchId')).toBe(2n);

    // The indexer confirms the batch from its BatchSettled log.
    await indexer().syncOnce();
    const [batch] = await testDb.db
      .select()
      .from(settlementBatches)
      .where(eq(settlementBatches.batchNumber, 1n));
    expect(batch?.status).toBe('confirmed');
    expect(batch?.txHash).toBe(result.txHash);
  });

  it('settles exactly once when the process dies between recording and sending', async () => {
    const carol = await onboard(at(2), parseEther('10'), parseEther('10'));
    await charge(carol, parseEther('2'));
    const before = await read<bigint>('nextBatchId');

    // What settleOnce does up to the crash: plan and record, but never send.
    const charges = await collectUnsettledCharges(testDb.db, 100);
    const limits = await readSettlementLimits(testDb.db, bed.publicClient, bed.deployments, [at(2)], 300n);
    const plan = planSettlementBatch({ charges, limits, payableNodes: new Set([nodeOwner]) });
    const recorded = await recordSettlementBatch(testDb.db, before, plan);
    expect(recorded.status).toBe('pending');

    const restarted = batcher();
    const result = await restarted.settleOnce();
    expect(result.reconciled).toEqual([{ batchNumber: before, outcome: 'resent' }]);
    expect((await restarted.settleOnce()).status).toBe('idle');
    expect(await read<bigint>('nextBatchId')).toBe(before + 1n);
    expect(await read<bigint>('userBalances', [at(2)])).toBe(parseEther('8'));
    const [row] = await testDb.db
      .select()
      .from(settlementBatches)
      .where(eq(settlementBatches.id, recorded.id));
    expect(row?.status).toBe('submitted');
  });

  it('settles exactly once when the process dies after sending but before storing the hash', async () => {
    const dave = await onboard(at(3), parseEther('10'), parseEther('10'));
    await charge(dave, parseEther('3'));
    const before = await read<bigint>('nextBatchId');
    const charges = await collectUnsettledCharges(testDb.db, 100);
    const limits = await readSettlementLimits(testDb.db, bed.publicClient, bed.deployments, [at(3)], 300n);
    const plan = planSettlementBatch({ charges, limits, payableNodes: new Set([nodeOwner]) });
    const recorded = await recordSettlementBatch(testDb.db, before, plan);
    const hash = await bed.coordinatorWallet.writeContract({
      ...payment(),
      functionName: 'settleBatchWithCreatorFees',
      args: settleBatchArgs(before, plan.content),
    });
    await bed.publicClient.waitForTransactionReceipt({ hash });

    const result = await batcher().settleOnce();
    expect(result.reconciled).toEqual([{ batchNumber: before, outcome: 'landed' }]);
    expect(await read<bigint>('nextBatchId')).toBe(before + 1n);
    expect(await read<bigint>('userBalances', [at(3)])).toBe(parseEther('7'));
    const [row] = await testDb.db
      .select()
      .from(settlementBatches)
      .where(eq(settlementBatches.id, recorded.id));
    expect(row?.status).toBe('submitted');
    expect(row?.txHash).toBe(hash);
  });

  it('leaves out a charge that would exceed the signed cap', async () => {
    const erin = await onboard(at(4), parseEther('10'), parseEther('1'));
    await charge(erin, parseEther('0.6'));
    await charge(erin, parseEther('0.6'));

    const first = await batcher().settleOnce();
    expect(first.status).toBe('settled');
    expect(first.charges).toBe(1);
    expect(first.deferred).toHaveLength(1);
    expect(first.deferred[0]?.reason).toMatch(/cap/);
    expect(await read<bigint>('userBalances', [at(4)])).toBe(parseEther('9.4'));

    // Only 0.4 FAR of the cap is left on chain: the second charge keeps waiting.
    const second = await batcher().settleOnce();
    expect(second.status).toBe('deferred');
    expect(await read<bigint>('userBalances', [at(4)])).toBe(parseEther('9.4'));
    const [allowance] = await read<[bigint, bigint, bigint]>('spendingAuthorizationOf', [at(4)]);
    expect(allowance).toBe(parseEther('0.4'));
    const status = await readSpendingAuthorizationStatus(testDb.db, bed.publicClient, bed.deployments, {
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
    const [credit] = await read<[bigint]>('nodes', [nodeOwner]);
    const ledgerBefore = await getAccountBalance(testDb.db, { kind: 'node_earnings', nodeId });
    expect(credit).toBeGreaterThan(0n);
    await bed.send(nodeOwner, { ...payment(), functionName: 'withdrawEarnings', args: [credit] });
    await indexer().syncOnce();
    expect(await getAccountBalance(testDb.db, { kind: 'node_earnings', nodeId })).toBe(ledgerBefore - credit);
    // Replaying the range moves nothing twice.
    await testDb.db
      .update(chainCursors)
      .set({ blockNumber: BigInt(bed.deployments.deployBlock) - 1n, blockHash: null });
    await indexer().syncOnce();
    expect(await getAccountBalance(testDb.db, { kind: 'node_earnings', nodeId })).toBe(ledgerBefore - credit);
  });

  it('resends a recorded batch whose authorization the user submitted first: the contract skips it', async () => {
    const frank = at(5);
    const frankId = await onboard(frank, parseEther('10'), parseEther('5'));
    await charge(frankId, parseEther('1'));
    const before = await read<bigint>('nextBatchId');
    const charges = await collectUnsettledCharges(testDb.db, 100);
    const limits = await readSettlementLimits(testDb.db, bed.publicClient, bed.deployments, [frank], 300n);
    const plan = planSettlementBatch({ charges, limits, payableNodes: new Set([nodeOwner]) });
    const carried = plan.content.authorizations[0];
    if (carried === undefined) throw new Error('the plan should carry the stored authorization');
    await recordSettlementBatch(testDb.db, before, plan);
    // Someone submits the signed authorization directly: the recorded batch now carries a used nonce.
    await bed.send(frank, {
      ...payment(),
      functionName: 'acceptSpendingAuthorization',
      args: [
        { user: frank, cap: carried.cap, expiry: carried.expiry, nonce: carried.nonce },
        carried.signature,
      ],
    });

    const result = await batcher().settleOnce();
    expect(result.reconciled).toEqual([{ batchNumber: before, outcome: 'resent' }]);
    expect(await read<bigint>('nextBatchId')).toBe(before + 1n);
    expect(await read<bigint>('userBalances', [frank])).toBe(parseEther('9'));
    const [allowance] = await read<[bigint]>('spendingAuthorizationOf', [frank]);
    expect(allowance).toBe(parseEther('4'));
  });

  it('abandons a recorded batch that can no longer be sent, and writes off what nothing can collect any more', async () => {
    const grace = at(6);
    const graceId = await onboard(grace, parseEther('10'), parseEther('5'), 3600n);
    const charged = await charge(graceId, parseEther('1'));
    const before = await read<bigint>('nextBatchId');
    const charges = await collectUnsettledCharges(testDb.db, 100);
    const limits = await readSettlementLimits(testDb.db, bed.publicClient, bed.deployments, [grace], 300n);
    const plan = planSettlementBatch({ charges, limits, payableNodes: new Set([nodeOwner]) });
    await recordSettlementBatch(testDb.db, before, plan);
    // The process stays down until the authorization the batch carries has expired.
    await bed.chain.increaseTime(7200n);
    await indexer().syncOnce();

    const result = await batcher().settleOnce();
    expect(result.reconciled).toEqual([{ batchNumber: before, outcome: 'abandoned' }]);
    expect(result.writtenOff.map((w) => w.chargeTransactionId)).toEqual([charged]);
    expect(await read<bigint>('nextBatchId')).toBe(before);
    expect(await read<bigint>('userBalances', [grace])).toBe(parseEther('10'));
  });
});
