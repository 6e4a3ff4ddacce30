import {
  type CachedStatement,
  cachedRowInsert,
  createTestDb,
  inferenceTasks,
  ledgerReservations,
  type TestDbHandle,
  testDrivers,
} from '@far/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFundedLedgerTestUser,
  createLedgerTestNode,
} from '../../test/support/createLedgerTestParties.js';
import { auditLedger } from './auditLedger.js';
import { CaptureExceedsReservationError } from './CaptureExceedsReservationError.js';
import { capture } from './capture.js';
import { getAccountBalance } from './getAccountBalance.js';
import { getBalances } from './getBalances.js';
import { hasLedgerTransaction } from './hasLedgerTransaction.js';
import { IdempotencyKeyReusedError } from './IdempotencyKeyReusedError.js';
import { InsufficientBalanceError } from './InsufficientBalanceError.js';
import { InvalidSplitError } from './InvalidSplitError.js';
import { ReservationClosedError } from './ReservationClosedError.js';
import { ReservationNotFoundError } from './ReservationNotFoundError.js';
import { release } from './release.js';
import { reserve } from './reserve.js';
import { rowsOf } from './rowsOf.js';
import { settleReservation } from './settleReservation.js';

const FAR = 10n ** 18n;

describe.each(testDrivers())('reservations on %s', (driver) => {
  let testDb: TestDbHandle;
  let nodeId: string;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    nodeId = await createLedgerTestNode(testDb.db);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const fundedUser = async (amount: bigint) => (await createFundedLedgerTestUser(testDb.db, amount)).id;

  it('moves the reserved amount out of available and refuses to reserve more than is available', async () => {
    const userId = await fundedUser(10n * FAR);
    await reserve(testDb.db, { userId, amount: 4n * FAR, idempotencyKey: `r1:${userId}` });
    expect(await getBalances(testDb.db, userId)).toEqual({ available: 6n * FAR, reserved: 4n * FAR });

    const error = await reserve(testDb.db, {
      userId,
      amount: 6n * FAR + 1n,
      idempotencyKey: `r2:${userId}`,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientBalanceError);
    expect((error as InsufficientBalanceError).code).toBe('insufficient_balance');
    expect((error as InsufficientBalanceError).status).toBe(402);
    expect((error as InsufficientBalanceError).available).toBe(6n * FAR);
    expect(await getBalances(testDb.db, userId)).toEqual({ available: 6n * FAR, reserved: 4n * FAR });
  });

  it('settles at the actual cost, pays node, stakers and treasury, and refunds the unused reservation', async () => {
    const userId = await fundedUser(10n * FAR);
    const stakersBefore = await getAccountBalance(testDb.db, { kind: 'stakers_pool' });
    const treasuryBefore = await getAccountBalance(testDb.db, { kind: 'treasury' });
    const nodeBefore = await getAccountBalance(testDb.db, { kind: 'node_earnings', nodeId });

    const { reservationId } = await reserve(testDb.db, {
      userId,
      amount: 3n * FAR,
      idempotencyKey: `s:${userId}`,
    });
    const actual = 1_000_000_000_000_000_001n; // odd wei: the remainder split must still be exact
    const node = (actual * 60n) / 100n;
    const stakers = (actual * 20n) / 100n;
    const treasury = actual - node - stakers;
    const result = await settleReservation(testDb.db, {
      reservationId,
      actual,
      split: { nodeId, node, stakers, treasury },
      idempotencyKey: `s:${userId}:settle`,
    });
    expect(result).toMatchObject({ replayed: false, captured: actual, released: 3n * FAR - actual });

    expect(await getBalances(testDb.db, userId)).toEqual({ available: 10n * FAR - actual, reserved: 0n });
    expect(await getAccountBalance(testDb.db, { kind: 'node_earnings', nodeId })).toBe(nodeBefore + node);
    expect(await getAccountBalance(testDb.db, { kind: 'stakers_pool' })).toBe(stakersBefore + stakers);
    expect(await getAccountBalance(testDb.db, { kind: 'treasury' })).toBe(treasuryBefore + treasury);
    const [row] = await testDb.db
      .select()
      .from(ledgerReservations)
      .where(eq(ledgerReservations.id, reservationId));
    expect(row).toMatchObject({ status: 'closed', remainingWei: 0n });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('replays a settlement with the same key and returns the original amounts without moving money', async () => {
    const userId = await fundedUser(5n * FAR);
    const { reservationId } = await reserve(testDb.db, {
      userId,
      amount: 2n * FAR,
      idempotencyKey: `rp:${userId}`,
    });
    const params = {
      reservationId,
      actual: FAR,
      split: { nodeId, node: 6n * 10n ** 17n, stakers: 2n * 10n ** 17n, treasury: 2n * 10n ** 17n },
      idempotencyKey: `rp:${userId}:settle`,
    };
    const first = await settleReservation(testDb.db, params);
    const balances = await getBalances(testDb.db, userId);
    const again = await settleReservation(testDb.db, params);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await getBalances(testDb.db, userId)).toEqual(balances);

    // Same key, different amount: a caller bug, refused rather than silently answered.
    await expect(
      settleReservation(testDb.db, {
        ...params,
        actual: 2n * FAR,
        split: { ...params.split, treasury: 12n * 10n ** 17n },
      }),
    ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('refuses a capture above the reservation, an unbalanced split, and anything on a closed reservation', async () => {
    const userId = await fundedUser(5n * FAR);
    const { reservationId } = await reserve(testDb.db, {
      userId,
      amount: FAR,
      idempotencyKey: `x:${userId}`,
    });
    await expect(
      settleReservation(testDb.db, {
        reservationId,
        actual: FAR + 1n,
        split: { nodeId, node: FAR + 1n, stakers: 0n, treasury: 0n },
        idempotencyKey: `x:${userId}:too-much`,
      }),
    ).rejects.toBeInstanceOf(CaptureExceedsReservationError);
    await expect(
      capture(testDb.db, {
        reservationId,
        amount: 100n,
        split: { nodeId, node: 60n, stakers: 20n, treasury: 19n },
        idempotencyKey: `x:${userId}:bad-split`,
      }),
    ).rejects.toBeInstanceOf(InvalidSplitError);

    const released = await release(testDb.db, { reservationId, idempotencyKey: `x:${userId}:release` });
    expect(released.released).toBe(FAR);
    expect(await getBalances(testDb.db, userId)).toEqual({ available: 5n * FAR, reserved: 0n });
    await expect(
      release(testDb.db, { reservationId, idempotencyKey: `x:${userId}:release-2` }),
    ).rejects.toBeInstanceOf(ReservationClosedError);
    await expect(
      release(testDb.db, {
        reservationId: '00000000-0000-4000-8000-000000000000',
        idempotencyKey: `x:${userId}:ghost`,
      }),
    ).rejects.toBeInstanceOf(ReservationNotFoundError);
  });

  it('captures in parts, keeps the rest reserved, then releases it', async () => {
    const userId = await fundedUser(FAR);
    const { reservationId } = await reserve(testDb.db, {
      userId,
      amount: 1000n,
      idempotencyKey: `p:${userId}`,
    });
    await capture(testDb.db, {
      reservationId,
      amount: 300n,
      split: { nodeId, node: 180n, stakers: 60n, treasury: 60n },
      idempotencyKey: `p:${userId}:c1`,
    });
    expect(await getBalances(testDb.db, userId)).toEqual({ available: FAR - 1000n, reserved: 700n });
    await capture(testDb.db, {
      reservationId,
      amount: 200n,
      split: { node: 0n, stakers: 100n, treasury: 100n },
      idempotencyKey: `p:${userId}:c2`,
    });
    const { released } = await release(testDb.db, { reservationId, idempotencyKey: `p:${userId}:rel` });
    expect(released).toBe(500n);
    expect(await getBalances(testDb.db, userId)).toEqual({ available: FAR - 500n, reserved: 0n });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('settles inside the caller transaction: the task row and the money commit or roll back together', async () => {
    const user = await createFundedLedgerTestUser(testDb.db, FAR);
    const { reservationId } = await reserve(testDb.db, {
      userId: user.id,
      amount: FAR,
      idempotencyKey: `tx:${user.id}:r`,
    });

    // The outer transaction fails after the settlement: nothing of it may remain.
    const failure = await testDb.db
      .transaction(async (tx) => {
        await tx
          .insert(inferenceTasks)
          .values({ taskId: `t-${user.id}`, userId: user.id, modelName: 'm', reservationId });
        await settleReservation(tx, {
          reservationId,
          actual: 10n,
          split: { nodeId, node: 6n, stakers: 2n, treasury: 2n },
          idempotencyKey: `tx:${user.id}:settle`,
        });
        throw new Error('coordinator crashed before commit');
      })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: 0n, reserved: FAR });
    expect(
      await testDb.db
        .select()
        .from(inferenceTasks)
        .where(eq(inferenceTasks.taskId, `t-${user.id}`)),
    ).toEqual([]);

    // A ledger error inside the caller's transaction rolls back only its savepoint.
    await testDb.db.transaction(async (tx) => {
      await tx
        .insert(inferenceTasks)
        .values({ taskId: `t-${user.id}`, userId: user.id, modelName: 'm', reservationId });
      await expect(
        settleReservation(tx, {
          reservationId,
          actual: 2n * FAR,
          split: { nodeId, node: 2n * FAR, stakers: 0n, treasury: 0n },
          idempotencyKey: `tx:${user.id}:over`,
        }),
      ).rejects.toBeInstanceOf(CaptureExceedsReservationError);
      await settleReservation(tx, {
        reservationId,
        actual: 10n,
        split: { nodeId, node: 6n, stakers: 2n, treasury: 2n },
        idempotencyKey: `tx:${user.id}:settle`,
      });
      await tx
        .update(inferenceTasks)
        .set({ status: 'completed', costFarWei: 10n })
        .where(eq(inferenceTasks.taskId, `t-${user.id}`));
    });
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: FAR - 10n, reserved: 0n });
    const [task] = await testDb.db
      .select()
      .from(inferenceTasks)
      .where(eq(inferenceTasks.taskId, `t-${user.id}`));
    expect(task).toMatchObject({ status: 'completed', costFarWei: 10n, reservationId });
  });

  it('settles at zero cost by releasing everything', async () => {
    const userId = await fundedUser(FAR);
    const { reservationId } = await reserve(testDb.db, {
      userId,
      amount: FAR,
      idempotencyKey: `z:${userId}`,
    });
    const result = await settleReservation(testDb.db, {
      reservationId,
      actual: 0n,
      split: { node: 0n, stakers: 0n, treasury: 0n },
      idempotencyKey: `z:${userId}:settle`,
    });
    expect(result).toMatchObject({ captured: 0n, released: FAR });
    expect(await getBalances(testDb.db, userId)).toEqual({ available: FAR, reserved: 0n });
  });

  it("sends the admission's reads behind the lock statement, where they see what it wrote, and says when they ran before the lock", async () => {
    const userId = await fundedUser(5n * FAR);
    const runs: Array<{ ranUnderLock: boolean; rowsSeen: number }> = [];
    const reserveOnce = (key: string) => {
      let read: Promise<unknown[]> | undefined;
      return reserve(testDb.db, {
        userId,
        amount: FAR,
        idempotencyKey: key,
        admission: {
          readUnderLock: (tx) => {
            // Sent at once (rowsOf awaits the query), as the spending check is: not when admit reads it.
            read = rowsOf(tx, sql`select id from ledger_transactions where idempotency_key = ${key}`);
          },
          admit: async (_tx, _balances, readRanUnderLock) => {
            const rows = await read;
            runs.push({
              ranUnderLock: readRanUnderLock,
              rowsSeen: rows?.length ?? -1,
            });
          },
        },
      });
    };
    // The first reservation also creates the user's reserved account, so the lock statement cannot
    // lock both and the accounts are locked afterwards: the early read ran before that lock.
    await reserveOnce(`rl1:${userId}`);
    await reserveOnce(`rl2:${userId}`);
    expect(runs).toEqual([
      { ranUnderLock: false, rowsSeen: 1 },
      { ranUnderLock: true, rowsSeen: 1 },
    ]);
    expect(await getBalances(testDb.db, userId)).toEqual({ available: 3n * FAR, reserved: 2n * FAR });
  });

  it('writes the task alongside the reservation in one transaction, and a refusal by the admission check leaves nothing', async () => {
    const user = await createFundedLedgerTestUser(testDb.db, 5n * FAR);
    const seen: Array<{ available: bigint; reserved: bigint }> = [];
    const { reservationId } = await reserve(testDb.db, {
      userId: user.id,
      amount: 2n * FAR,
      idempotencyKey: `a1:${user.id}`,
      admission: {
        admit: async (_tx, balances) => {
          seen.push(balances);
        },
      },
      alongside: async (tx, id) => {
        await tx.insert(inferenceTasks).values({
          taskId: `a1-${user.id}`,
          userId: user.id,
          modelName: 'far-demo',
          reservationId: id,
        });
      },
    });
    expect(seen).toEqual([{ available: 5n * FAR, reserved: 0n }]);
    const [task] = await testDb.db
      .select()
      .from(inferenceTasks)
      .where(eq(inferenceTasks.taskId, `a1-${user.id}`));
    expect(task?.reservationId).toBe(reservationId);

    const refusal = new Error('over the signed cap');
    const error = await reserve(testDb.db, {
      userId: user.id,
      amount: FAR,
      idempotencyKey: `a2:${user.id}`,
      admission: {
        admit: async (_tx, balances) => {
          seen.push(balances);
          throw refusal;
        },
      },
      alongside: async (tx, id) => {
        await tx.insert(inferenceTasks).values({
          taskId: `a2-${user.id}`,
          userId: user.id,
          modelName: 'far-demo',
          reservationId: id,
        });
      },
    }).catch((e: unknown) => e);
    expect(error).toBe(refusal);
    expect(seen.at(-1)).toEqual({ available: 3n * FAR, reserved: 2n * FAR });
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: 3n * FAR, reserved: 2n * FAR });
    expect(
      await testDb.db
        .select()
        .from(inferenceTasks)
        .where(eq(inferenceTasks.taskId, `a2-${user.id}`)),
    ).toEqual([]);
    // The key stays free: the same reservation can be retried once admitted.
    await reserve(testDb.db, { userId: user.id, amount: FAR, idempotencyKey: `a2:${user.id}` });
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: 2n * FAR, reserved: 3n * FAR });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('keeps nothing of a reservation whose task row the database refuses in the postings statement, which its commit follows unanswered', async () => {
    const user = await createFundedLedgerTestUser(testDb.db, 5n * FAR);
    const taskRow = (taskId: string, reservationId: string) =>
      cachedRowInsert(
        testDb.db,
        inferenceTasks,
        { taskId, userId: user.id, modelName: 'far-demo', reservationId },
        'task',
      );
    await reserve(testDb.db, {
      userId: user.id,
      amount: FAR,
      idempotencyKey: `d1:${user.id}`,
      alongsideStatement: (_tx, id) => taskRow(`d-${user.id}`, id),
    });
    // The same task id again: the insert fails on the server, after the COMMIT was sent behind it.
    const error = await reserve(testDb.db, {
      userId: user.id,
      amount: 2n * FAR,
      idempotencyKey: `d2:${user.id}`,
      alongsideStatement: (_tx, id) => taskRow(`d-${user.id}`, id),
    }).catch((e: unknown) => e);
    expect((error as { cause?: { code?: string } }).cause?.code).toBe('23505'); // unique_violation
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: 4n * FAR, reserved: FAR });
    expect(await hasLedgerTransaction(testDb.db, { idempotencyKey: `d2:${user.id}` })).toBe(false);
    // The key stays free.
    await reserve(testDb.db, {
      userId: user.id,
      amount: 2n * FAR,
      idempotencyKey: `d2:${user.id}`,
      alongsideStatement: (_tx, id) => taskRow(`d2-${user.id}`, id),
    });
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: 2n * FAR, reserved: 3n * FAR });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('sends the task row in the postings statement, one rendering for every reservation of its shape, and refuses a placeholder name the posting uses', async () => {
    const user = await createFundedLedgerTestUser(testDb.db, 5n * FAR);
    const taskRow = (n: number, reservationId: string) =>
      cachedRowInsert(
        testDb.db,
        inferenceTasks,
        { taskId: `c${n}-${user.id}`, userId: user.id, modelName: 'far-demo', maxTokens: n, reservationId },
        'task',
      );
    let builds = 0;
    // A key of this run's own: the postings' statements are cached per process, across drivers.
    const counted = (statement: CachedStatement): CachedStatement => ({
      ...statement,
      key: `${statement.key}:${driver}`,
      build: () => {
        builds += 1;
        return statement.build();
      },
    });
    const reserved: string[] = [];
    for (const n of [1, 2, 3]) {
      const { reservationId } = await reserve(testDb.db, {
        userId: user.id,
        amount: FAR,
        idempotencyKey: `c${n}:${user.id}`,
        alongsideStatement: (_tx, id) => counted(taskRow(n, id)),
      });
      reserved.push(reservationId);
    }
    // Built twice for the first reservation only (the user's first: no reserved account yet, so
    // the one-round-trip statement refused and the two-round-trip path ran); the others ran the
    // one-round-trip statement rendered then.
    expect(builds).toBe(2);
    const tasks = await testDb.db
      .select({ maxTokens: inferenceTasks.maxTokens, reservationId: inferenceTasks.reservationId })
      .from(inferenceTasks)
      .where(eq(inferenceTasks.userId, user.id))
      .orderBy(inferenceTasks.maxTokens);
    expect(tasks).toEqual(reserved.map((reservationId, i) => ({ maxTokens: i + 1, reservationId })));

    const clash = await reserve(testDb.db, {
      userId: user.id,
      amount: FAR,
      idempotencyKey: `c4:${user.id}`,
      alongsideStatement: (_tx, id) => ({ ...taskRow(4, id), values: { reservation_id: id } }),
    }).catch((e: unknown) => e);
    expect(String(clash)).toMatch(/placeholder reservation_id is used twice/);
    expect(await getBalances(testDb.db, user.id)).toEqual({ available: 2n * FAR, reserved: 3n * FAR });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });
});
