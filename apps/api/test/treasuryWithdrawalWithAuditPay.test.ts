import { testDrivers } from '@far/db';
import pino from 'pino';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordNodeAudit } from '../src/audits/recordNodeAudit.js';
import { getAccountBalance } from '../src/ledger/getAccountBalance.js';
import {
  createSettlementTestbed,
  type SettlementTestbed,
  type SettlementTestNode,
} from './support/createSettlementTestbed.js';

/**
 * A treasury withdrawal on chain while audit pay waits for a batch: the ledger took the pay from
 * its treasury at check time, the contract's treasury still holds it, so the withdrawal takes more
 * than the ledger's treasury has. The indexer moves what the ledger holds and names the waiting
 * audit pay as the cause of the rest.
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

  it('names the unsettled audit pay in its warning, and the ledger treasury stays that much above the chain', async () => {
    const alice = await bed.onboard(bed.at(0));
    await bed.charge(alice, parseEther('10'));
    expect((await bed.batcher().settleOnce()).status).toBe('settled');
    expect(await treasury()).toEqual({ chain: parseEther('2'), ledger: parseEther('2') });
    await recordNodeAudit(bed.db, {
      nodeId: bed.node.nodeId,
      taskId: crypto.randomUUID(),
      kind: 'audit',
      passed: true,
      evidence: { test: 'treasury withdrawal' },
      auditorNodeId: auditor.nodeId,
      payments: [{ nodeId: auditor.nodeId, amount: parseEther('0.5') }],
      strikesSince: new Date(0),
    });

    await bed.send(bed.at(5), { ...bed.payment, functionName: 'withdrawTreasury', args: [] });
    const warnings: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line)) });
    await bed.indexer({ logger }).syncOnce();

    expect(await treasury()).toEqual({ chain: 0n, ledger: 0n });
    expect(warnings).toEqual([
      expect.objectContaining({
        msg: expect.stringContaining('audit pay not yet settled on chain'),
        unmatchedWei: parseEther('0.5').toString(),
        unsettledAuditPayWei: parseEther('0.5').toString(),
      }),
    ]);

    // The next batch pays the auditor out of its treasury share: the ledger, which took the pay
    // from its treasury before the withdrawal, is now 0.5 FAR above the chain, as the warning said.
    // A known gap (src/indexer/README.md): the ledger's treasury cannot carry the debt.
    await bed.charge(alice, parseEther('10'));
    expect(await bed.batcher().settleOnce()).toMatchObject({ status: 'settled', auditPayouts: 1 });
    expect(await treasury()).toEqual({ chain: parseEther('1.5'), ledger: parseEther('2') });
    const [credit] = await bed.read<[bigint]>('nodes', [auditor.owner]);
    expect(credit).toBe(await getAccountBalance(bed.db, { kind: 'node_earnings', nodeId: auditor.id }));
  });
});
