import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerTestNode, createLedgerTestUser } from '../../test/support/createLedgerTestParties.js';
import { twinFeeSplit } from '../services/fartwin/twinFeeSplit.js';
import { auditLedger } from './auditLedger.js';
import { creditDeposit } from './creditDeposit.js';
import { getAccountBalance } from './getAccountBalance.js';
import { getBalances } from './getBalances.js';
import { reserve } from './reserve.js';
import { reverseCharge } from './reverseCharge.js';
import { settleReservation } from './settleReservation.js';

let database: TestDbHandle;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(() => database.close());

describe('reverseCharge', () => {
  it("reverses a twin chat's charge whole: node, stakers, treasury and the creator's fee", async () => {
    const db = database.db;
    const user = await createLedgerTestUser(db);
    const creator = await createLedgerTestUser(db);
    const nodeId = await createLedgerTestNode(db);
    await creditDeposit(db, { userId: user.id, amount: 10_000n, idempotencyKey: `dep:${user.id}` });
    const { reservationId } = await reserve(db, {
      userId: user.id,
      amount: 5_000n,
      idempotencyKey: `r:${user.id}`,
    });
    const fee = twinFeeSplit(101n, creator.id);
    const charge = await settleReservation(db, {
      reservationId,
      actual: 1_000n + 101n,
      split: {
        nodeId,
        node: 600n,
        stakers: 200n + fee.stakers,
        treasury: 200n + fee.treasury,
        creator: { userId: creator.id, amount: fee.creator },
      },
      idempotencyKey: `s:${user.id}`,
    });
    expect(await getAccountBalance(db, { kind: 'creator_earnings', userId: creator.id })).toBe(70n);

    const reversal = await reverseCharge(db, {
      chargeTransactionId: charge.transactionId,
      escrowGone: 1n,
      idempotencyKey: `write-off:${charge.transactionId}`,
    });
    expect(reversal.amount).toBe(1_101n);
    expect(await getAccountBalance(db, { kind: 'creator_earnings', userId: creator.id })).toBe(0n);
    expect(await getAccountBalance(db, { kind: 'node_earnings', nodeId })).toBe(0n);
    expect((await getBalances(db, user.id)).available).toBe(10_000n - 1n);
    const replay = await reverseCharge(db, {
      chargeTransactionId: charge.transactionId,
      escrowGone: 1n,
      idempotencyKey: `write-off:${charge.transactionId}`,
    });
    expect(replay).toMatchObject({ replayed: true, amount: 1_101n });
    expect((await auditLedger(db)).ok).toBe(true);
  });
});
