import { inferencePaymentAbi, splitRevenue } from '@far/contracts';
import {
  createTestDb,
  gpuNodes,
  ledgerTransactions,
  settlementBatches,
  type TestDbHandle,
  testDrivers,
} from '@far/db';
import { eq, like } from 'drizzle-orm';
import { type Address, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordNodeAudit } from '../src/audits/recordNodeAudit.js';
import { upsertUser } from '../src/auth/upsertUser.js';
import { createChainIndexer } from '../src/indexer/createChainIndexer.js';
import { collectUnsettledAuditPayouts } from '../src/ledger/collectUnsettledAuditPayouts.js';
import { collectUnsettledCharges } from '../src/ledger/collectUnsettledCharges.js';
import { getAccountBalance } from '../src/ledger/getAccountBalance.js';
import { reserve } from '../src/ledger/reserve.js';
import { settleReservation } from '../src/ledger/settleReservation.js';
import { createLogger } from '../src/observability/createLogger.js';
import { createSettlementBatcher } from '../src/settlement/createSettlementBatcher.js';
import { planSettlementBatch } from '../src/settlement/planSettlementBatch.js';
import { readSettlementLimits } from '../src/settlement/readSettlementLimits.js';
import { recordSettlementBatch } from '../src/settlement/recordSettlementBatch.js';
import { fromSettlementBatchItems, settleBatchArgs } from '../src/settlement/settlementBatchItems.js';
import { storeSpendingAuthorization } from '../src/spendingAuthorization/storeSpendingAuthorization.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';

const logger = createLogger('silent');

/**
 * Audit pay (treasury → an auditing node's earnings in the ledger) settled on chain inside the
 * ordinary batches, out of their treasury share. The invariant defended: once the batches land, a
 * node's on-chain credit equals its ledger earnings and the contract's treasury balance equals the
 * ledger's treasury, to the wei — and no batch, resent, landed twice or abandoned, pays a payout twice.
 */
describe.each(testDrivers())('audit pay settled on chain on %s', (driver) => {
  let testDb: TestDbHandle;
  let bed: ChainTestbed;
  const servingNode = { id: '', nodeId: `serving-${driver}`, owner: '0x' as Address };
  const auditorNode = { id: '', nodeId: `auditor-${driver}`, owner: '0x' as Address };
  let count = 0;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    bed = await createChainTestbed();
    for (const [node, index] of [
      [servingNode, 8],
      [auditorNode, 9],
    ] as const) {
      node.owner = at(index);
      await upsertUser(testDb.db, node.owner);
      const [row] = await testDb.db
        .insert(gpuNodes)
        .values({ nodeId: node.nodeId, ownerAddress: node.owner.toLowerCase() })
        .returning();
      if (row === undefined) throw new Error('no node row');
      node.id = row.id;
    }
  });
  afterAll(async () => {
    await testDb?.close();
  });

  function at(index: number): Address {
    const address = bed.users[index];
    if (address === undefined) throw new Error(`no dev user ${index}`);
    return address;
  }
  const read = <T>(functionName: string, args: unknown[] = []) =>
    bed.publicClient.readContract({
      address: bed.deployments.contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName,
      args,
    } as never) as Promise<T>;
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
    });

  async function onboard(user: Address, validFor = 365n * 24n * 3600n) {
    await bed.deposit(user, parseEther('100'));
    await indexer().syncOnce();
    const row = await upsertUser(testDb.db, user);
    const expiry = (await bed.chain.latestTimestamp()) + validFor;
    const cap = parseEther('100');
    await storeSpendingAuthorization(testDb.db, bed.publicClient, bed.deployments, {
      userId: row.id,
      walletAddress: user,
      cap,
      expiry,
      nonce: 1n,
      signature: await bed.signAuthorization(user, cap, expiry, 1n),
    });
    return row.id;
  }

  /** A served request at score 80: node 60 %, stakers 20 %, treasury 20 %. */
  async function charge(userId: string, actual: bigint) {
    count += 1;
    const { reservationId } = await reserve(testDb.db, {
      userId,
      amount: actual,
      idempotencyKey: `audit-pay-test:${driver}:${count}:reserve`,
    });
    await settleReservation(testDb.db, {
      reservationId,
      actual,
      split: { nodeId: servingNode.id, ...splitRevenue(actual, 80) },
      idempotencyKey: `audit-pay-test:${driver}:${count}:settle`,
    });
  }

  /** A passed spot check whose re-run the auditor node is paid for from the treasury. */
  async function audit(amount: bigint) {
    const recorded = await recordNodeAudit(testDb.db, {
      nodeId: servingNode.nodeId,
      taskId: crypto.randomUUID(),
      kind: 'audit',
      passed: true,
      evidence: { test: 'audit pay' },
      auditorNodeId: auditorNode.nodeId,
      payments: [{ nodeId: auditorNode.nodeId, amount }],
      strikesSince: new Date(0),
    });
    expect(recorded.paid).toBe(amount);
    return recorded.id;
  }

  async function expectChainMatchesLedger() {
    for (const node of [servingNode, auditorNode]) {
      const [credit] = await read<[bigint]>('nodes', [node.owner]);
      expect(credit).toBe(await getAccountBalance(testDb.db, { kind: 'node_earnings', nodeId: node.id }));
    }
    expect(await read<bigint>('treasuryBalance')).toBe(
      await getAccountBalance(testDb.db, { kind: 'treasury' }),
    );
  }

  async function payoutBatchOf(auditId: string) {
    const [row] = await testDb.db
      .select({ batchId: ledgerTransactions.settlementBatchId })
      .from(ledgerTransactions)
      .where(like(ledgerTransactions.idempotencyKey, `audit:${auditId}:pay:%`));
    return row?.batchId ?? null;
  }

  it('pays audit pay out of the batch treasury share: the auditor claims on chain exactly its ledger earnings', async () => {
    const alice = await onboard(at(0));
    await charge(alice, parseEther('10'));
    // 10 FAR: node 6, treasury 2; the 66 % node limit leaves 0.6 FAR of room.
    const auditId = await audit(parseEther('0.25'));

    const result = await batcher().settleOnce();
    expect(result).toMatchObject({
      status: 'settled',
      charges: 1,
      auditPayouts: 1,
      auditPayWei: parseEther('0.25'),
    });
    await expectChainMatchesLedger();
    expect(await read<bigint>('treasuryBalance')).toBe(parseEther('1.75'));
    const [batch] = await testDb.db
      .select()
      .from(settlementBatches)
      .where(eq(settlementBatches.batchNumber, result.batchNumber ?? 0n));
    expect(fromSettlementBatchItems(batch?.items).auditPay).toBe(parseEther('0.25'));
    expect(await payoutBatchOf(auditId)).toBe(batch?.id);

    // Paid once: the next batch does not carry it again.
    expect((await batcher().settleOnce()).status).toBe('idle');
    await charge(alice, parseEther('1'));
    expect(await batcher().settleOnce()).toMatchObject({
      status: 'settled',
      auditPayouts: 0,
      auditPayWei: 0n,
    });
    await expectChainMatchesLedger();

    await indexer().syncOnce();
    const [confirmed] = await testDb.db
      .select()
      .from(settlementBatches)
      .where(eq(settlementBatches.id, batch?.id ?? ''));
    expect(confirmed?.status).toBe('confirmed');
  });

  it('carries audit pay the batch has no room for to a later batch', async () => {
    const bob = await onboard(at(1));
    const auditId = await audit(parseEther('0.5'));
    await charge(bob, parseEther('1')); // room 0.06 FAR
    const first = await batcher().settleOnce();
    expect(first).toMatchObject({ status: 'settled', auditPayouts: 0 });
    expect(await payoutBatchOf(auditId)).toBeNull();

    await charge(bob, parseEther('10')); // room 0.6 FAR
    const second = await batcher().settleOnce();
    expect(second).toMatchObject({ status: 'settled', auditPayouts: 1, auditPayWei: parseEther('0.5') });
    await expectChainMatchesLedger();
  });

  it('pays audit pay once when the batch landed before the crash, and releases it from an abandoned batch', async () => {
    // Landed, then "reconciled" after a crash that lost the hash: still paid once.
    const carol = await onboard(at(2));
    await charge(carol, parseEther('10'));
    const landedAudit = await audit(parseEther('0.1'));
    const before = await read<bigint>('nextBatchId');
    const plan = await planNow([at(2)]);
    expect(plan.includedAuditPayouts).toHaveLength(1);
    const recorded = await recordSettlementBatch(testDb.db, before, plan);
    const hash = await bed.coordinatorWallet.writeContract({
      address: bed.deployments.contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'settleBatchWithCreatorFees',
      args: settleBatchArgs(before, plan.content),
    });
    await bed.publicClient.waitForTransactionReceipt({ hash });
    const result = await batcher().settleOnce();
    expect(result.reconciled).toEqual([{ batchNumber: before, outcome: 'landed' }]);
    expect(result.status).toBe('idle');
    expect(await payoutBatchOf(landedAudit)).toBe(recorded.id);
    await expectChainMatchesLedger();

    // Recorded with a charge whose authorization expires before it is sent: abandoned, and the
    // audit pay returns to the pool for the next batch.
    const dave = await onboard(at(3), 3600n);
    await charge(dave, parseEther('10'));
    const abandonedAudit = await audit(parseEther('0.2'));
    const next = await read<bigint>('nextBatchId');
    const doomed = await recordSettlementBatch(testDb.db, next, await planNow([at(3)]));
    expect(await payoutBatchOf(abandonedAudit)).toBe(doomed.id);
    await bed.chain.increaseTime(7200n);
    await indexer().syncOnce();
    const abandoned = await batcher().settleOnce();
    expect(abandoned.reconciled).toEqual([{ batchNumber: next, outcome: 'abandoned' }]);
    expect(await read<bigint>('nextBatchId')).toBe(next);
    expect(await payoutBatchOf(abandonedAudit)).toBeNull();

    await charge(carol, parseEther('10'));
    const retried = await batcher().settleOnce();
    expect(retried).toMatchObject({ status: 'settled', auditPayouts: 1, auditPayWei: parseEther('0.2') });
    await expectChainMatchesLedger();
    expect(await collectUnsettledAuditPayouts(testDb.db, 100)).toEqual([]);
  });

  async function planNow(users: Address[]) {
    const charges = await collectUnsettledCharges(testDb.db, 100);
    const limits = await readSettlementLimits(testDb.db, bed.publicClient, bed.deployments, users, 300n);
    return planSettlementBatch({
      charges: charges.filter((c) => users.includes(c.userAddress)),
      limits,
      payableNodes: new Set([servingNode.owner, auditorNode.owner]),
      auditPayouts: await collectUnsettledAuditPayouts(testDb.db, 100),
    });
  }
});
