import { createTestDb, type TestDbHandle, testDrivers } from '@far/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAccountBalance } from './getAccountBalance.js';
import { InsufficientBalanceError } from './InsufficientBalanceError.js';
import { transfer } from './transfer.js';

/** The treasury's one overdraft (LedgerOverdraft): a debit may end at most `upToWei` below zero. */
describe.each(testDrivers())('a transfer overdrawing the treasury on %s', (driver) => {
  let testDb: TestDbHandle;
  const treasury = { kind: 'treasury' } as const;
  const chainDeposits = { kind: 'chain_deposits' } as const;
  const balance = () => getAccountBalance(testDb.db, treasury);

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('goes below zero by at most the allowance, never without one, and a credit pays the debt down', async () => {
    await transfer(testDb.db, { from: chainDeposits, to: treasury, amount: 10n, idempotencyKey: 'in' });
    await expect(
      transfer(testDb.db, { from: treasury, to: chainDeposits, amount: 11n, idempotencyKey: 'plain' }),
    ).rejects.toBeInstanceOf(InsufficientBalanceError);
    await expect(
      transfer(testDb.db, {
        from: treasury,
        to: chainDeposits,
        amount: 16n,
        idempotencyKey: 'beyond',
        overdraft: { account: treasury, upToWei: 5n },
      }),
    ).rejects.toBeInstanceOf(InsufficientBalanceError);
    expect(await balance()).toBe(10n);

    await transfer(testDb.db, {
      from: treasury,
      to: chainDeposits,
      amount: 15n,
      idempotencyKey: 'within',
      overdraft: { account: treasury, upToWei: 5n },
    });
    expect(await balance()).toBe(-5n);
    // In debt, a plain debit is refused; a credit short of the debt still posts.
    await expect(
      transfer(testDb.db, { from: treasury, to: chainDeposits, amount: 1n, idempotencyKey: 'deeper' }),
    ).rejects.toBeInstanceOf(InsufficientBalanceError);
    await transfer(testDb.db, { from: chainDeposits, to: treasury, amount: 2n, idempotencyKey: 'share' });
    expect(await balance()).toBe(-3n);
  });

  it('overdraws only its from account', async () => {
    await expect(
      transfer(testDb.db, {
        from: chainDeposits,
        to: treasury,
        amount: 1n,
        idempotencyKey: 'other',
        overdraft: { account: treasury, upToWei: 1n },
      }),
    ).rejects.toThrow('a transfer may overdraw only its from account');
  });
});
