import { testDrivers } from '@far/db';
import pino from 'pino';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordNodeAudit } from '../src/audits/recordNodeAudit.js';
import { auditLedger } from '../src/ledger/auditLedger.js';
import { getAccountBalance } from '../src/ledger/getAccountBalance.js';
import { InsufficientBalanceError } from '../src/ledger/InsufficientBalanceError.js';
import { reverseCharge } from '../src/ledger/reverseCharge.js';
import {
  createSettlementTestbed,
  type SettlementTestbed,
  type SettlementTestNode,
} from './support/createSettlementTestbed.js';

/**
 * A treasury withdrawal on chain while audit pay waits for a batch: the ledger took the pay from
 * its treasury at check time, the contract's treasury still holds it, so the withdrawal takes more
 * than the ledger's treasury has. The ledger's treasury follows it in full and owes the unsettled
 * audit pay (no more), until the next batch pays that pay out of its treasury share; then ledger
 * and chain agree again.
 */
describe.each(testDrivers())('a treasury withdrawal while audit pay waits, on %s', (driver) => {
  let bed: SettlementTestbed;
  let auditor: SettlementTestNode;

  beforeAll(async () => {
    bed = await createSettlementTestbed(driver);
    auditor = await bed.addNode('auditor-node', bed.at(8));
  });
  afterAll(async () => {
    await bed?.close();
  });

  const treasury = async () => ({
    chain: await bed.read<bigint>('treasuryBalance'),
    ledger: await getAccountBalance(bed.db, { kind: 'treasury' }),
  });
  const audit = (payment: bigint) =>
    recordNodeAudit(bed.db, {
      nodeId: bed.node.nodeId,
      taskId: crypto.randomUUID(),
      kind: 'audit',
      passed: true,
      evidence: { test: 'treasury withdrawal' },
      auditorNodeId: auditor.nodeId,
      payments: [{ nodeId: auditor.nodeId, amount: payment }],
      strikesSince: new Date(0),
    });

  it('moves in full, the ledger treasury owes exactly the unsettled audit pay, and the next batch squares it', async () => {
    const alice = await bed.onboard(bed.at(0));
    await bed.charge(alice, parseEther('10'));
    expect((await bed.batcher().settleOnce()).status).toBe('settled');
    expect(await treasury()).toEqual({ chain: parseEther('2'), ledger: parseEther('2') });
    expect((await audit(parseEther('0.5'))).paid).toBe(parseEther('0.5'));

    await bed.send(bed.at(5), { ...bed.payment, functionName: 'withdrawTreasury', args: [] });
    const warnings: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    await bed.indexer({ logger }).syncOnce();

    // The window: the chain's treasury is empty, the ledger's owes the audit pay no batch has paid.
    expect(warnings).toEqual([]);
    expect(await treasury()).toEqual({ chain: 0n, ledger: -parseEther('0.5') });
    expect(await auditLedger(bed.db)).toMatchObject({ ok: true, negativeAccounts: [] });
    // A treasury in debt pays no further audit pay, and a write-off that needs a charge's treasury
    // share back is refused (it waits) rather than deepen the debt.
    expect((await audit(parseEther('0.1'))).paid).toBe(0n);
    const small = await bed.charge(alice, parseEther('1'));
    expect(await getAccountBalance(bed.db, { kind: 'treasury' })).toBe(-parseEther('0.3'));
    await expect(
      reverseCharge(bed.db, {
        chargeTransactionId: small,
        escrowGone: 0n,
        idempotencyKey: `write-off:${small}`,
      }),
    ).rejects.toBeInstanceOf(InsufficientBalanceError);

    // The next batch pays the auditor out of its treasury share: ledger and chain agree again.
    await bed.charge(alice, parseEther('10'));
    expect(await bed.batcher().settleOnce()).toMatchObject({ status: 'settled', auditPayouts: 1 });
    expect(await treasury()).toEqual({ chain: parseEther('1.7'), ledger: parseEther('1.7') });
    const [credit] = await bed.read<[bigint]>('nodes', [auditor.owner]);
    expect(credit).toBe(await getAccountBalance(bed.db, { kind: 'node_earnings', nodeId: auditor.id }));
    expect((await auditLedger(bed.db)).ok).toBe(true);
  });
});
