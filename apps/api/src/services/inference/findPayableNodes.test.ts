import { gpuNodes, users } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPayableNodes } from './findPayableNodes.js';

let database: TestDbHandle;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(() => database.close());

describe('findPayableNodes', () => {
  it("finds a node's ledger row, payout wallet and owner, and a node registered later on the next call", async () => {
    const owner = '0x00000000000000000000000000000000000000c3';
    const [user] = await database.db.insert(users).values({ walletAddress: owner }).returning();
    const [first] = await database.db
      .insert(gpuNodes)
      .values({ nodeId: 'payable-1', ownerAddress: owner })
      .returning();
    const found = await findPayableNodes(database.db, ['payable-1', 'payable-2', 'payable-1']);
    expect([...found]).toEqual([['payable-1', { id: first?.id, owner, ownerUserId: user?.id }]]);

    const [second] = await database.db
      .insert(gpuNodes)
      .values({ nodeId: 'payable-2', ownerAddress: owner })
      .returning();
    expect((await findPayableNodes(database.db, ['payable-1', 'payable-2'])).get('payable-2')).toEqual({
      id: second?.id,
      owner,
      ownerUserId: user?.id,
    });
  });
});
