import { createTestDb, ledgerReservations, type TestDbHandle, testDrivers } from '@far/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFundedLedgerTestUser } from '../../test/support/createLedgerTestParties.js';
import { auditLedger } from './auditLedger.js';
import { getBalances } from './getBalances.js';
import { hasLedgerTransaction } from './hasLedgerTransaction.js';
import { InsufficientBalanceError } from './InsufficientBalanceError.js';
import { type ReservationAdmission, reserve } from './reserve.js';

const FAR = 10n ** 18n;

describe.each(testDrivers())('a reservation in one round trip on %s', (driver) => {
  let testDb: TestDbHandle;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  /** An admission whose condition admits while the available balance stays at or above `floor`, counting what `admit` decides. */
  const admissionAbove = (floor: bigint, refuse: () => never) => {
    const decided = { count: 0 };
    const admission: ReservationAdmission = {
      admit: async (_tx, balances) => {
        decided.count += 1;
        if (balances.available < floor) refuse();
      },
      condition: () => ({
        key: 'test-floor',
        build: ({ available, amount }) =>
          sql`${available} - ${amount} >= ${sql.placeholder('admission_floor')}::numeric`,
        values: { admission_floor: floor.toString() },
      }),
    };
    return { admission, decided };
  };

  /** A user who has reserved once already (the first reservation creates the reserved account, in two round trips). */
  const userWithAccounts = async (balance: bigint) => {
    const user = await createFundedLedgerTestUser(testDb.db, balance);
    await reserve(testDb.db, { userId: user.id, amount: 1n, idempotencyKey: `first:${user.id}` });
    return user.id;
  };

  it('is decided by the condition alone when it holds: the postings, the reservation row and an audit that balances', async () => {
    const userId = await userWithAccounts(10n * FAR + 1n);
    const { admission, decided } = admissionAbove(0n, () => {
      throw new Error('not admitted');
    });
    const { reservationId, replayed } = await reserve(testDb.db, {
      userId,
      amount: 4n * FAR,
      idempotencyKey: `fast:${userId}`,
      admission,
    });
    expect(replayed).toBe(false);
    expect(decided.count).toBe(0);
    expect(await getBalances(testDb.db, userId)).toEqual({ available: 6n * FAR, reserved: 4n * FAR + 1n });
    const [row] = await testDb.db
      .select()
      .from(ledgerReservations)
      .where(eq(ledgerReservations.id, reservationId));
    expect(row).toMatchObject({ userId, amountWei: 4n * FAR, remainingWei: 4n * FAR, status: 'open' });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('commits nothing when the condition refuses, and leaves the refusal to admit, under the same key', async () => {
    const userId = await userWithAccounts(10n * FAR + 1n);
    const { admission, decided } = admissionAbove(5n * FAR, () => {
      throw new InsufficientBalanceError('user_available', 0n, 1n);
    });
    // 10 FAR − 6 FAR is under the floor: the condition refuses, admit sees 10 FAR and admits.
    const admitted = await reserve(testDb.db, {
      userId,
      amount: 6n * FAR,
      idempotencyKey: `refused:${userId}`,
      admission,
    });
    expect(decided.count).toBe(1);
    expect(admitted.replayed).toBe(false);
    expect(await getBalances(testDb.db, userId)).toEqual({ available: 4n * FAR, reserved: 6n * FAR + 1n });

    // 4 FAR is under the floor for admit too: refused, and nothing of either attempt is left.
    const error = await reserve(testDb.db, {
      userId,
      amount: FAR,
      idempotencyKey: `refused2:${userId}`,
      admission,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientBalanceError);
    expect(decided.count).toBe(2);
    expect(await hasLedgerTransaction(testDb.db, { idempotencyKey: `refused2:${userId}` })).toBe(false);
    expect(await getBalances(testDb.db, userId)).toEqual({ available: 4n * FAR, reserved: 6n * FAR + 1n });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('replays a key it has already reserved under, moving nothing again', async () => {
    const userId = await userWithAccounts(10n * FAR + 1n);
    const params = { userId, amount: 3n * FAR, idempotencyKey: `again:${userId}` };
    const first = await reserve(testDb.db, params);
    const second = await reserve(testDb.db, params);
    expect(second).toEqual({ ...first, replayed: true });
    expect(await getBalances(testDb.db, userId)).toEqual({ available: 7n * FAR, reserved: 3n * FAR + 1n });
  });

  it('names an insufficient balance, and never reserves more than is available under concurrent requests', async () => {
    const userId = await userWithAccounts(10n * FAR + 1n);
    const error = await reserve(testDb.db, {
      userId,
      amount: 10n * FAR + 1n,
      idempotencyKey: `over:${userId}`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientBalanceError);
    expect((error as InsufficientBalanceError).available).toBe(10n * FAR);

    const outcomes = await Promise.all(
      Array.from({ length: 16 }, (_, n) =>
        reserve(testDb.db, { userId, amount: FAR, idempotencyKey: `race${n}:${userId}` }).then(
          () => 'reserved',
          (e: unknown) => (e instanceof InsufficientBalanceError ? 'refused' : String(e)),
        ),
      ),
    );
    expect(outcomes.filter((o) => o === 'reserved')).toHaveLength(10);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(6);
    expect(await getBalances(testDb.db, userId)).toEqual({ available: 0n, reserved: 10n * FAR + 1n });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });
});
