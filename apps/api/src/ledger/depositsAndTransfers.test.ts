import { createTestDb, ledgerTransactions, type TestDbHandle, testDrivers } from '@far/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerTestNode, createLedgerTestUser } from '../../test/support/createLedgerTestParties.js';
import { BaseError } from '../errors/BaseError.js';
import { auditLedger } from './auditLedger.js';
import { creditDeposit } from './creditDeposit.js';
import { debitWithdrawal } from './debitWithdrawal.js';
import { getAccountBalance } from './getAccountBalance.js';
import { getBalances } from './getBalances.js';
import { IdempotencyKeyReusedError } from './IdempotencyKeyReusedError.js';
import { InsufficientBalanceError } from './InsufficientBalanceError.js';
import { transfer } from './transfer.js';

describe.each(testDrivers())('deposits, withdrawals and transfers on %s', (driver) => {
  let testDb: TestDbHandle;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('credits a deposit once per key, stores its metadata, and mirrors it on the chain counterparty', async () => {
    const user = await createLedgerTestUser(testDb.db);
    const chainBefore = await getAccountBalance(testDb.db, { kind: 'chain_deposits' });
    const amount = 2n ** 70n; // above 2^64: no precision is lost anywhere on the way
    const params = {
      userId: user.id,
      amount,
      idempotencyKey: `dep:${user.id}`,
      metadata: { txHash: '0xabc' },
    };
    const first = await creditDeposit(testDb.db, params);
    const second = await creditDeposit(testDb.db, params);
    expect(second).toEqual({ transactionId: first.transactionId, replayed: true });
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: amount, reserved: 0n });
    expect(await getAccountBalance(testDb.db, { kind: 'chain_deposits' })).toBe(chainBefore - amount);
    const [row] = await testDb.db
      .select()
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.id, first.transactionId));
    expect(row).toMatchObject({ kind: 'deposit', metadata: { txHash: '0xabc' } });
  });

  it('refuses a withdrawal above the available balance and leaves it untouched', async () => {
    const user = await createLedgerTestUser(testDb.db);
    await creditDeposit(testDb.db, { userId: user.id, amount: 100n, idempotencyKey: `w:${user.id}` });
    await expect(
      debitWithdrawal(testDb.db, { userId: user.id, amount: 101n, idempotencyKey: `w:${user.id}:1` }),
    ).rejects.toBeInstanceOf(InsufficientBalanceError);
    // The failed attempt did not burn its key: a smaller retry under the same key goes through.
    await debitWithdrawal(testDb.db, { userId: user.id, amount: 60n, idempotencyKey: `w:${user.id}:1` });
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: 40n, reserved: 0n });
  });

  it('refuses to reuse a key for a different operation', async () => {
    const user = await createLedgerTestUser(testDb.db);
    await creditDeposit(testDb.db, { userId: user.id, amount: 100n, idempotencyKey: `k:${user.id}` });
    const error = await debitWithdrawal(testDb.db, {
      userId: user.id,
      amount: 100n,
      idempotencyKey: `k:${user.id}`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect((error as BaseError).code).toBe('conflict');
  });

  it('moves node earnings out to settled, and refuses to overdraw them', async () => {
    const nodeId = await createLedgerTestNode(testDb.db);
    const node = { kind: 'node_earnings', nodeId } as const;
    await expect(
      transfer(testDb.db, {
        from: node,
        to: { kind: 'settled' },
        amount: 1n,
        idempotencyKey: `n:${nodeId}:0`,
      }),
    ).rejects.toBeInstanceOf(InsufficientBalanceError);
    const user = await createLedgerTestUser(testDb.db);
    await creditDeposit(testDb.db, { userId: user.id, amount: 50n, idempotencyKey: `n:${user.id}` });
    await transfer(testDb.db, {
      from: { kind: 'user_available', userId: user.id },
      to: node,
      amount: 50n,
      idempotencyKey: `n:${nodeId}:1`,
    });
    const earned = await getAccountBalance(testDb.db, node);
    await transfer(testDb.db, {
      from: node,
      to: { kind: 'settled' },
      amount: earned,
      idempotencyKey: `n:${nodeId}:2`,
    });
    expect(await getAccountBalance(testDb.db, node)).toBe(0n);
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('rejects malformed parameters with validation_failed before touching the database', async () => {
    const user = await createLedgerTestUser(testDb.db);
    const cases = [
      creditDeposit(testDb.db, { userId: user.id, amount: 0n, idempotencyKey: 'v1' }),
      creditDeposit(testDb.db, { userId: 'not-a-uuid', amount: 1n, idempotencyKey: 'v2' }),
      creditDeposit(testDb.db, { userId: user.id, amount: 1n, idempotencyKey: '' }),
      transfer(testDb.db, {
        from: { kind: 'user_reserved', userId: user.id },
        to: { kind: 'treasury' },
        amount: 1n,
        idempotencyKey: 'v3',
      }),
      transfer(testDb.db, {
        from: { kind: 'treasury' },
        to: { kind: 'treasury' },
        amount: 1n,
        idempotencyKey: 'v4',
      }),
      transfer(testDb.db, {
        from: { kind: 'user_available' },
        to: { kind: 'treasury' },
        amount: 1n,
        idempotencyKey: 'v5',
      }),
    ];
    for (const pending of cases) {
      const error = await pending.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BaseError);
      expect((error as BaseError).code).toBe('validation_failed');
    }
    const keys = await testDb.db
      .select()
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.idempotencyKey, 'v1'));
    expect(keys).toEqual([]);
  });
});
