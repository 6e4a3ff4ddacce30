import { randomUUID } from 'node:crypto';
import { gpuNodes, users } from '@far/db';
import { createTestDb, type TestDbHandle, testDrivers } from '@far/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
