import { ledgerTransactions, settlementBatches, testDrivers } from '@far/db';
import { eq, like } from 'drizzle-orm';
import { type Address, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordNodeAudit } from '../src/audits/recordNodeAudit.js';
import { collectUnsettledAuditPayouts } from '../src/ledger/collectUnsettledAuditPayouts.js';
import { collectUnsettledCharges } from '../src/ledger/collectUnsettledCharges.js';
import { getAccountBalance } from '../src/ledger/getAccountBalance.js';
import { planSettlementBatch } from '../src/settlement/planSettlementBatch.js';
import { readSettlementLimits } from '../src/settlement/readSettlementLimits.js';
import { recordSettlementBatch } from '../src/settlement/recordSettlementBatch.js';
import { fromSettlementBatchItems, settleBatchArgs } from '../src/settlement/settlementBatchItems.js';
import {
  createSettlementTestbed,
  type SettlementTestbed,
  type SettlementTestNode,
} from './support/createSettlementTestbed.js';

/**
 * Audit pay (treasury → an auditing node's earnings in the ledger) settled on chain inside the
 * ordinary batches, out of their treasury share. The invariant defended: once the batches land, a
 * node's on-chain credit equals its ledger earnings and the contract's treasury balance equals the
 * ledger's treasury, to the wei — and no batch, resent, landed twice or abandoned, pays a payout twice.
 */
describe.each(testDrivers())('audit pay settled on chain on %s', (driver) => {
  let bed: SettlementTestbed;
  let auditorNode: SettlementTestNode;

  beforeAll(async () => {
    bed = await createSettlementTestbed(driver);
    auditorNode = await bed.addNode('auditor-node', bed.at(8));
  });
  afterAll(async () => {
    await bed?.close();
  });

  const at = (index: number) => bed.at(index);
  const read = <T>(functionName: string, args: unknown[] = []) => bed.read<T>(functionName, args);
  const onboard = (user: Address, validFor?: bigint) =>
    bed.onboard(user, validFor === undefined ? {} : { validFor });
  /** A served request at score 80: node 60 %, stakers 20 %, treasury 20 %. */
  const charge = (userId: string, actual: bigint) => bed.charge(userId, actual);

  /** A passed spot check whose re-run the auditor node is paid for from the treasury. */
  async function audit(amount: bigint) {
    const recorded = await recordNodeAudit(bed.db, {
      nodeId: bed.node.nodeId,
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
    for (const node of [bed.node, auditorNode]) {
      const [credit] = await read<[bigint]>('nodes', [node.owner]);
      expect(credit).toBe(await getAccountBalance(bed.db, { kind: 'node_earnings', nodeId: node.id }));
    }
    expect(await read<bigint>('treasuryBalance')).toBe(await getAccountBalance(bed.db, { kind: 'treasury' }));
  }

  async function payoutBatchOf(auditId: string) {
    const [row] = await bed.db
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

    const result = await bed.batcher().settleOnce();
    expect(result).toMatchObject({
      status: 'settled',
      charges: 1,
      auditPayouts: 1,
      auditPayWei: parseEther('0.25'),
    });
    await expectChainMatchesLedger();
    expect(await read<bigint>('treasuryBalance')).toBe(parseEther('1.75'));
    const [batch] = await bed.db
      .select()
      .from(settlementBatches)
      .where(eq(settlementBatches.batchNumber, result.batchNumber ?? 0n));
    expect(fromSettlementBatchItems(batch?.items).auditPay).toBe(parseEther('0.25'));
    expect(await payoutBatchOf(auditId)).toBe(batch?.id);

    // Paid once: the next batch does not carry it again.
    expect((await bed.batcher().settleOnce()).status).toBe('idle');
    await charge(alice, parseEther('1'));
    expect(await bed.batcher().settleOnce()).toMatchObject({
      status: 'settled',
      auditPayouts: 0,
      auditPayWei: 0n,
    });
    await expectChainMatchesLedger();

    await bed.indexer().syncOnce();
    const [confirmed] = await bed.db
      .select()
      .from(settlementBatches)
      .where(eq(settlementBatches.id, batch?.id ?? ''));
    expect(confirmed?.status).toBe('confirmed');
  });

  it('carries audit pay the batch has no room for to a later batch', async () => {
    const bob = await onboard(at(1));
    const auditId = await audit(parseEther('0.5'));
    await charge(bob, parseEther('1')); // room 0.06 FAR
    const first = await bed.batcher().settleOnce();
    expect(first).toMatchObject({ status: 'settled', auditPayouts: 0 });
    expect(await payoutBatchOf(auditId)).toBeNull();

    await charge(bob, parseEther('10')); // room 0.6 FAR
    const second = await bed.batcher().settleOnce();
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
    const recorded = await recordSettlementBatch(bed.db, before, plan);
    const hash = await bed.coordinatorWallet.writeContract({
      ...bed.payment,
      functionName: 'settleBatchWithCreatorFees',
      args: settleBatchArgs(before, plan.content),
    });
    await bed.publicClient.waitForTransactionReceipt({ hash });
    const result = await bed.batcher().settleOnce();
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
    const doomed = await recordSettlementBatch(bed.db, next, await planNow([at(3)]));
    expect(await payoutBatchOf(abandonedAudit)).toBe(doomed.id);
    await bed.chain.increaseTime(7200n);
    await bed.indexer().syncOnce();
    const abandoned = await bed.batcher().settleOnce();
    expect(abandoned.reconciled).toEqual([{ batchNumber: next, outcome: 'abandoned' }]);
    expect(await read<bigint>('nextBatchId')).toBe(next);
    expect(await payoutBatchOf(abandonedAudit)).toBeNull();

    await charge(carol, parseEther('10'));
    const retried = await bed.batcher().settleOnce();
    expect(retried).toMatchObject({ status: 'settled', auditPayouts: 1, auditPayWei: parseEther('0.2') });
    await expectChainMatchesLedger();
    expect(await collectUnsettledAuditPayouts(bed.db, 100)).toEqual([]);
  });

  async function planNow(users: Address[]) {
    const charges = await collectUnsettledCharges(bed.db, 100);
    const limits = await readSettlementLimits(bed.db, bed.publicClient, bed.deployments, users, 300n);
    return planSettlementBatch({
      charges: charges.filter((c) => users.includes(c.userAddress)),
      limits,
      payableNodes: new Set([bed.node.owner, auditorNode.owner]),
      auditPayouts: await collectUnsettledAuditPayouts(bed.db, 100),
    });
  }
});
