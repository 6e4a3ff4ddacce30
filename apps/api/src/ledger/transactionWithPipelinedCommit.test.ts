import { createTestDb, type TestDbHandle, testDrivers, users } from '@far/db';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answeredAtCommit, transactionWithPipelinedCommit } from './transactionWithPipelinedCommit.js';

const DIVISION_BY_ZERO = '22012';
/** The SQLSTATE of the database error Drizzle wraps. */
const sqlStateOf = (error: unknown) => (error as { cause?: { code?: string } } | undefined)?.cause?.code;

describe.each(testDrivers())('a transaction with a pipelined commit on %s', (driver) => {
  let testDb: TestDbHandle;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const wallet = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
  const userWith = async (walletAddress: string) =>
    testDb.db.select({ id: users.id }).from(users).where(eq(users.walletAddress, walletAddress));

  it('goes on without the answer of a statement left to the commit, and resolves only once it is in', async () => {
    const events: string[] = [];
    const result = await transactionWithPipelinedCommit(testDb.db, async (tx) => {
      await tx.insert(users).values({ walletAddress: wallet(0x51) });
      const answer = tx.execute(sql`select pg_sleep(0.05)`).then(() => events.push('answered'));
      await answeredAtCommit(tx, answer);
      events.push('fn returned');
      return 'done';
    });
    events.push('resolved');
    expect(result).toBe('done');
    expect(events).toEqual(['fn returned', 'answered', 'resolved']);
    expect(await userWith(wallet(0x51))).toHaveLength(1);
  });

  it('throws the failure of a statement left to the commit, and nothing of the transaction is kept', async () => {
    const error = await transactionWithPipelinedCommit(testDb.db, async (tx) => {
      await tx.insert(users).values({ walletAddress: wallet(0x52) });
      await answeredAtCommit(
        tx,
        tx.execute(sql`select 1 / 0`).then(() => undefined),
      );
      return 'done';
    }).catch((e: unknown) => e);
    // The division's own error, not the driver's "rolled back instead of committing".
    expect(sqlStateOf(error)).toBe(DIVISION_BY_ZERO);
    expect(await userWith(wallet(0x52))).toHaveLength(0);
  });

  it("inside a caller's transaction waits for the answer in place, so a savepoint rolls back on its own", async () => {
    await testDb.db.transaction(async (outer) => {
      await outer.insert(users).values({ walletAddress: wallet(0x53) });
      const events: string[] = [];
      const error = await transactionWithPipelinedCommit(outer, async (tx) => {
        await tx.insert(users).values({ walletAddress: wallet(0x54) });
        await answeredAtCommit(
          tx,
          tx.execute(sql`select 1 / 0`).then(() => undefined),
        );
        events.push('went on');
      }).catch((e: unknown) => e);
      expect(events).toEqual([]);
      expect(sqlStateOf(error)).toBe(DIVISION_BY_ZERO);
    });
    expect(await userWith(wallet(0x53))).toHaveLength(1);
    expect(await userWith(wallet(0x54))).toHaveLength(0);
  });
});
