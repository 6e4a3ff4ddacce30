import { randomUUID } from 'node:crypto';
import { gpuNodes, nodeAudits, users } from '@far/db';
import { createTestDb, type TestDbHandle, testDrivers } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLedger } from '../ledger/auditLedger.js';
import { getAccountBalance } from '../ledger/getAccountBalance.js';
import { transfer } from '../ledger/transfer.js';
import { recordNodeAudit } from './recordNodeAudit.js';

describe.each(testDrivers())('recordNodeAudit on %s', (driver) => {
  let database: TestDbHandle;
  beforeAll(async () => {
    database = await createTestDb({ driver });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('pays concurrent checks of nodes new to the ledger, in either order, without a deadlock and to the wei', async () => {
    const { db } = database;
    const nodeIds = ['pay-a', 'pay-b', 'pay-c', 'pay-d'];
    const checked = 'checked-node';
    const owner = `0x${'0'.repeat(39)}1`;
    await db.insert(users).values({ walletAddress: owner });
    for (const nodeId of [checked, ...nodeIds])
      await db.insert(gpuNodes).values({ nodeId, ownerAddress: owner });
    await transfer(db, {
      from: { kind: 'chain_deposits' },
      to: { kind: 'treasury' },
      amount: 10n ** 21n,
      idempotencyKey: 'treasury-for-audit-pay',
    });
    // Each check pays two nodes whose earnings accounts do not exist yet, half of them in the
    // opposite order: paid transfer by transfer, two such checks deadlocked on Postgres.
    const pairs = nodeIds.flatMap((a, i) => nodeIds.filter((_, j) => j !== i).map((b) => [a, b] as const));
    const results = await Promise.all(
      [...pairs, ...pairs].map(([a, b]) =>
        recordNodeAudit(db, {
          nodeId: checked,
          taskId: randomUUID(),
          kind: 'canary',
          passed: true,
          evidence: { pair: `${a},${b}` },
          payments: [
            { nodeId: a, amount: 1_000n },
            { nodeId: b, amount: 10n },
          ],
          strikesSince: new Date(0),
        }),
      ),
    );
    expect(results.every((r) => r.paid === 1_010n)).toBe(true);
    const rows = await db.select({ id: gpuNodes.id, nodeId: gpuNodes.nodeId }).from(gpuNodes);
    let earned = 0n;
    for (const row of rows) earned += await getAccountBalance(db, { kind: 'node_earnings', nodeId: row.id });
    expect(earned).toBe(1_010n * BigInt(results.length));
    expect(await getAccountBalance(db, { kind: 'treasury' })).toBe(10n ** 21n - earned);
  });
  it('pays the runs the treasury covers, in order, and records what it paid', async () => {
    const { db } = database;
    const owner = `0x${'0'.repeat(39)}2`;
    await db.insert(users).values({ walletAddress: owner });
    for (const nodeId of ['short-checked', 'short-a', 'short-b', 'short-c'])
      await db.insert(gpuNodes).values({ nodeId, ownerAddress: owner });
    const before = await getAccountBalance(db, { kind: 'treasury' });
    // Leave the treasury 1,500 wei: enough for the first and third runs, not the second.
    const [from, to] = [{ kind: 'chain_deposits' as const }, { kind: 'treasury' as const }];
    await transfer(db, {
      ...(before > 1_500n ? { from: to, to: from } : { from, to }),
      amount: before > 1_500n ? before - 1_500n : 1_500n - before,
      idempotencyKey: 'treasury-short',
    });
    const recorded = await recordNodeAudit(db, {
      nodeId: 'short-checked',
      taskId: randomUUID(),
      kind: 'audit',
      passed: false,
      evidence: { short: 'yes' },
      payments: [
        { nodeId: 'short-a', amount: 1_000n },
        { nodeId: 'short-b', amount: 600n },
        { nodeId: 'short-c', amount: 500n },
      ],
      strikesSince: new Date(0),
    });
    expect(recorded.paid).toBe(1_500n);
    expect(recorded.strikes).toBe(1);
    const [audit] = await db.select().from(nodeAudits).where(eq(nodeAudits.id, recorded.id));
    expect(audit?.costFarWei).toBe(1_500n);
    expect(await getAccountBalance(db, { kind: 'treasury' })).toBe(0n);
    const earned = async (nodeId: string) => {
      const [node] = await db.select({ id: gpuNodes.id }).from(gpuNodes).where(eq(gpuNodes.nodeId, nodeId));
      return getAccountBalance(db, { kind: 'node_earnings', nodeId: node?.id as string });
    };
    expect([await earned('short-a'), await earned('short-b'), await earned('short-c')]).toEqual([
      1_000n,
      0n,
      500n,
    ]);
    expect((await auditLedger(db)).ok).toBe(true);
  });
});
