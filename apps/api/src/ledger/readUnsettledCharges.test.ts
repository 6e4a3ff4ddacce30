import { createTestDb, settlementBatches, type TestDbHandle, testDrivers } from '@far/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerTestNode, createLedgerTestUser } from '../../test/support/createLedgerTestParties.js';
import { readSettlementEpoch } from '../settlement/readSettlementEpoch.js';
import { capture } from './capture.js';
import { chainDepositsStampSql } from './chainDepositsStampSql.js';
import { collectUnsettledCharges } from './collectUnsettledCharges.js';
import { creditDeposit } from './creditDeposit.js';
import {
  linkChargesToSettlementBatch,
  unlinkChargesFromSettlementBatch,
} from './linkChargesToSettlementBatch.js';
import { readUnsettledCharges } from './readUnsettledCharges.js';
import { reserve } from './reserve.js';
import { rowsOf } from './rowsOf.js';

describe.each(testDrivers())('unsettled charges on %s', (driver) => {
  let testDb: TestDbHandle;
  let batchNumber = 100n;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  async function chargedUser() {
    const { db } = testDb;
    const user = await createLedgerTestUser(db);
    const nodeId = await createLedgerTestNode(db);
    await creditDeposit(db, { userId: user.id, amount: 1_000n, idempotencyKey: `deposit:${user.id}` });
    const { reservationId } = await reserve(db, {
      userId: user.id,
      amount: 500n,
      idempotencyKey: `reserve:${user.id}`,
    });
    const charge = await capture(db, {
      reservationId,
      amount: 100n,
      split: { nodeId, node: 60n, stakers: 30n, treasury: 10n },
      idempotencyKey: `capture:${user.id}`,
    });
    return { user, charge };
  }

  async function batch(status: 'pending' | 'submitted' | 'confirmed') {
    const [row] = await testDb.db
      .insert(settlementBatches)
      .values({ batchNumber: batchNumber++, periodStart: new Date(), periodEnd: new Date(), status })
      .returning();
    if (!row) throw new Error('no batch row');
    return row;
  }

  it('counts a captured charge until a batch that took it lands, and as of the indexer until it is confirmed', async () => {
    const { db } = testDb;
    const { user, charge } = await chargedUser();
    expect(await readUnsettledCharges(db, user.id)).toBe(100n);

    const taken = await batch('pending');
    expect(await linkChargesToSettlementBatch(db, [charge.transactionId], taken.id)).toBe(1);
    expect(await readUnsettledCharges(db, user.id)).toBe(100n);

    await db.update(settlementBatches).set({ status: 'submitted' }).where(eq(settlementBatches.id, taken.id));
    expect(await readUnsettledCharges(db, user.id)).toBe(0n);
    expect(await readUnsettledCharges(db, user.id, { asOfIndexer: true })).toBe(100n);
    expect(await readSettlementEpoch(db)).toBe(taken.batchNumber);
  });

  it('links a charge to one batch only, and returns it to the pool when unlinked', async () => {
    const { db } = testDb;
    const { charge } = await chargedUser();
    const first = await batch('pending');
    const second = await batch('pending');
    expect(await linkChargesToSettlementBatch(db, [charge.transactionId], first.id)).toBe(1);
    expect(await linkChargesToSettlementBatch(db, [charge.transactionId], second.id)).toBe(0);
    const pool = async () => (await collectUnsettledCharges(db, 10_000)).map((c) => c.transactionId);
    expect(await pool()).not.toContain(charge.transactionId);
    await unlinkChargesFromSettlementBatch(db, first.id);
    expect(await pool()).toContain(charge.transactionId);
  });

  it('moves the deposits stamp with a deposit and not with a charge', async () => {
    const { db } = testDb;
    const stamp = async () =>
      (await rowsOf<{ stamp: string }>(db, sql`select ${chainDepositsStampSql()} as stamp`))[0]?.stamp;
    const { user } = await chargedUser();
    const before = await stamp();
    const { reservationId } = await reserve(db, {
      userId: user.id,
      amount: 10n,
      idempotencyKey: `again:${user.id}`,
    });
    expect(reservationId).toBeTruthy();
    expect(await stamp()).toBe(before);
    await creditDeposit(db, { userId: user.id, amount: 5n, idempotencyKey: `deposit-2:${user.id}` });
    expect(await stamp()).not.toBe(before);
  });
});
