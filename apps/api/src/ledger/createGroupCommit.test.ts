import { cachedRowInsert, createTestDb, type Db, type TestDbHandle, testDrivers, users } from '@far/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFundedLedgerTestUser,
  createLedgerTestNode,
  createLedgerTestUser,
} from '../../test/support/createLedgerTestParties.js';
import { auditLedger } from './auditLedger.js';
import { createGroupCommit } from './createGroupCommit.js';
import { getBalances } from './getBalances.js';
import type { LedgerAccountRef } from './LedgerAccountRef.js';
import { ReservationClosedError } from './ReservationClosedError.js';
import { reserve } from './reserve.js';
import { rowsOf } from './rowsOf.js';
import { settleReservation } from './settleReservation.js';

const FAR = 10n ** 18n;

describe.each(testDrivers())('createGroupCommit on %s', (driver) => {
  let testDb: TestDbHandle;
  let nodeId: string;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    nodeId = await createLedgerTestNode(testDb.db);
  });
  afterAll(async () => {
    await testDb?.close();
  });

  /** A funded user with one open reservation of 1 FAR, and the job that settles it at `actual`. */
  async function reservedTask(actual: bigint) {
    const user = await createFundedLedgerTestUser(testDb.db, 10n * FAR);
    const { reservationId } = await reserve(testDb.db, {
      userId: user.id,
      amount: FAR,
      idempotencyKey: `reserve:${user.id}`,
    });
    const node = actual - (actual * 4n) / 10n;
    const stakers = (actual * 2n) / 10n;
    const accounts: LedgerAccountRef[] = [
      { kind: 'user_available', userId: user.id },
      { kind: 'user_reserved', userId: user.id },
      { kind: 'stakers_pool' },
      { kind: 'treasury' },
      { kind: 'node_earnings', nodeId },
    ];
    const transactions: string[] = [];
    const job = {
      reservationIds: [reservationId],
      accounts,
      work: async (executor: Db) => {
        const settled = await settleReservation(executor, {
          reservationId,
          actual,
          split: { nodeId, node, stakers, treasury: actual - node - stakers },
          idempotencyKey: `settle:${reservationId}`,
        });
        // Which database transaction the posting ran in.
        const [row] = await rowsOf<{ txid: string }>(executor, sql`select txid_current()::text as txid`);
        transactions.push(row?.txid ?? '');
        return settled;
      },
    };
    return { userId: user.id, reservationId, job, transactions };
  }

  it('commits postings submitted together in one transaction, each resolving with its own result', async () => {
    const tasks = await Promise.all([1n, 2n, 3n, 4n].map((n) => reservedTask((n * FAR) / 10n)));
    const groups = createGroupCommit(testDb.db);

    const results = await Promise.all(tasks.map((task) => groups.run(task.job)));

    expect(results.map((r) => r.captured)).toEqual([1n, 2n, 3n, 4n].map((n) => (n * FAR) / 10n));
    for (const [i, task] of tasks.entries()) {
      expect(await getBalances(testDb.db, task.userId)).toEqual({
        available: 10n * FAR - ((BigInt(i) + 1n) * FAR) / 10n,
        reserved: 0n,
      });
    }
    const txids = tasks.map((t) => t.transactions[0]);
    expect(new Set(txids).size).toBe(1);
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('keeps balances exact when a job posts to an account its group did not lock up front', async () => {
    const tasks = await Promise.all([2n, 3n, 5n].map((n) => reservedTask((n * FAR) / 10n)));
    // No job declares the node's account: the first posting locks it itself, and the jobs after it
    // must start from the balance that posting left, not lock it again or read it stale.
    for (const task of tasks) task.job.accounts = task.job.accounts.filter((a) => a.kind !== 'node_earnings');
    const [before] = await rowsOf<{ balance: string }>(
      testDb.db,
      sql`select balance_wei::text as balance from ledger_accounts where kind = 'node_earnings' and node_id = ${nodeId}`,
    );
    const groups = createGroupCommit(testDb.db);

    await Promise.all(tasks.map((task) => groups.run(task.job)));

    const [after] = await rowsOf<{ balance: string }>(
      testDb.db,
      sql`select balance_wei::text as balance from ledger_accounts where kind = 'node_earnings' and node_id = ${nodeId}`,
    );
    const paid = [2n, 3n, 5n].reduce((sum, n) => sum + (n * FAR) / 10n - (((n * FAR) / 10n) * 4n) / 10n, 0n);
    expect(BigInt(after?.balance ?? '0') - BigInt(before?.balance ?? '0')).toBe(paid);
    expect(new Set(tasks.map((t) => t.transactions[0])).size).toBe(1);
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });

  it('runs the jobs of a group that failed again alone: one failing posting costs the others nothing', async () => {
    const tasks = await Promise.all([1n, 2n, 3n].map((n) => reservedTask((n * FAR) / 10n)));
    const closed = tasks[1] as (typeof tasks)[number];
    // Settled elsewhere before the group gets to it: its posting in the group throws.
    await settleReservation(testDb.db, {
      reservationId: closed.reservationId,
      actual: 0n,
      split: { node: 0n, stakers: 0n, treasury: 0n },
      idempotencyKey: `elsewhere:${closed.reservationId}`,
    });
    const groups = createGroupCommit(testDb.db);

    const outcomes = await Promise.allSettled(tasks.map((task) => groups.run(task.job)));

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ReservationClosedError);
    expect(await getBalances(testDb.db, (tasks[2] as (typeof tasks)[number]).userId)).toEqual({
      available: 10n * FAR - (3n * FAR) / 10n,
      reserved: 0n,
    });
    expect(await getBalances(testDb.db, closed.userId)).toEqual({ available: 10n * FAR, reserved: 0n });
    expect((await auditLedger(testDb.db)).ok).toBe(true);
    await groups.drain();
  });
  it('runs the jobs alone again when a posting the group did not wait for is refused by the database', async () => {
    const tasks = await Promise.all([1n, 2n, 3n].map((n) => reservedTask((n * FAR) / 10n)));
    const refused = tasks[1] as (typeof tasks)[number];
    const taken = await createLedgerTestUser(testDb.db);
    const settle = refused.job.work;
    let refusedRuns = 0;
    // Its outcome row repeats a wallet that is taken: the insert rides in the postings statement,
    // which the group sends and goes on from, so the failure comes back after the next job's work.
    refused.job.work = (executor: Db) => {
      refusedRuns += 1;
      return settleReservation(executor, {
        reservationId: refused.reservationId,
        actual: FAR / 10n,
        split: { node: FAR / 10n, stakers: 0n, treasury: 0n, nodeId },
        idempotencyKey: `settle:${refused.reservationId}`,
        alongsideStatements: (tx) => [
          cachedRowInsert(tx, users, { walletAddress: taken.walletAddress }, 'refused_user'),
        ],
      });
    };
    const groups = createGroupCommit(testDb.db);

    const outcomes = await Promise.allSettled(tasks.map((task) => groups.run(task.job)));

    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(((outcomes[1] as PromiseRejectedResult).reason as { cause?: { code?: string } }).cause?.code).toBe(
      '23505', // unique_violation, the database's own refusal
    );
    expect(refusedRuns).toBe(2); // in the group, then alone
    expect(await getBalances(testDb.db, refused.userId)).toEqual({ available: 9n * FAR, reserved: FAR });
    for (const [i, task] of tasks.entries()) {
      if (task === refused) continue;
      expect(await getBalances(testDb.db, task.userId)).toEqual({
        available: 10n * FAR - ((BigInt(i) + 1n) * FAR) / 10n,
        reserved: 0n,
      });
    }
    await settle(testDb.db);
    expect((await auditLedger(testDb.db)).ok).toBe(true);
    await groups.drain();
  });

  it('commits a job alone in a group of one, also for a node with no earnings account yet, and reports its failure', async () => {
    const { job } = await reservedTask(FAR / 2n);
    const fresh = await createLedgerTestNode(testDb.db);
    job.accounts = job.accounts.map((a) => (a.kind === 'node_earnings' ? { ...a, nodeId: fresh } : a));
    const work = job.work;
    let runs = 0;
    const groups = createGroupCommit(testDb.db);

    const settled = await groups.run({
      ...job,
      work: (executor: Db) =>
        settleReservation(executor, {
          reservationId: job.reservationIds[0] as string,
          actual: FAR / 2n,
          split: { nodeId: fresh, node: FAR / 4n, stakers: FAR / 8n, treasury: FAR / 8n },
          idempotencyKey: `alone:${job.reservationIds[0]}`,
        }),
    });
    expect(settled).toMatchObject({ captured: FAR / 2n, released: FAR / 2n, replayed: false });
    const [earned] = await rowsOf<{ balance: string }>(
      testDb.db,
      sql`select balance_wei::text as balance from ledger_accounts where kind = 'node_earnings' and node_id = ${fresh}`,
    );
    expect(earned?.balance).toBe((FAR / 4n).toString());

    // Closed now: it fails in the group and again in its own transaction, and says why.
    const failed = groups.run({
      ...job,
      work: (executor: Db) => {
        runs += 1;
        return work(executor);
      },
    });
    await expect(failed).rejects.toBeInstanceOf(ReservationClosedError);
    expect(runs).toBe(2);
    expect((await auditLedger(testDb.db)).ok).toBe(true);
  });
});
