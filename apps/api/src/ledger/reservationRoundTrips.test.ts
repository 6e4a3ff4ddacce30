import net from 'node:net';
import { createTestDb, type TestDbHandle } from '@far/db';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFundedLedgerTestUser } from '../../test/support/createLedgerTestParties.js';
import { reserve } from './reserve.js';
import { rowsOf } from './rowsOf.js';

const FAR = 10n ** 18n;

/** The writes to any socket while `fn` runs, as latin1 text (the Postgres wire protocol). */
async function socketWritesDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const writes: string[] = [];
  const write = net.Socket.prototype.write;
  net.Socket.prototype.write = function (this: net.Socket, chunk: unknown, ...rest: unknown[]) {
    writes.push(Buffer.from(chunk as Uint8Array).toString('latin1'));
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as typeof write;
  try {
    await fn();
  } finally {
    net.Socket.prototype.write = write;
  }
  return writes;
}

// Issue 12: the first token waits for the reservation to be durable, and under load each round
// trip to Postgres costs about a millisecond. This pins how many there are.
describe.skipIf(!process.env.DATABASE_URL)('a reservation on Postgres', () => {
  let testDb: TestDbHandle;

  beforeAll(async () => {
    testDb = await createTestDb({ driver: 'postgres' });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const reserveWithCheck = (userId: string, key: string) =>
    reserve(testDb.db, {
      userId,
      amount: FAR,
      idempotencyKey: key,
      admission: {
        // A read under the lock, as the spending check sends one.
        readUnderLock: (tx) => {
          rowsOf(tx, sql`select ${key}::text as probe`).catch(() => {});
        },
        admit: async () => {},
      },
    });

  const reserveWithCondition = (userId: string, key: string) =>
    reserve(testDb.db, {
      userId,
      amount: FAR,
      idempotencyKey: key,
      admission: {
        admit: async () => {},
        condition: () => ({
          key: 'round-trips-probe',
          build: () => sql`${sql.placeholder('admission_probe')}::text is not null`,
          values: { admission_probe: key },
        }),
      },
    });

  it('is one round trip when the admission is a condition: BEGIN, the row-and-lock statement, the guarded postings and COMMIT in one write', async () => {
    const { id: userId } = await createFundedLedgerTestUser(testDb.db, 10n * FAR);
    for (let n = 0; n < 6; n++) await reserveWithCondition(userId, `rt1-warm${n}:${userId}`);

    const writes = await socketWritesDuring(() => reserveWithCondition(userId, `rt1:${userId}`));
    expect(writes).toHaveLength(1);
    const [only] = writes as [string];
    // The ledger transaction row's key, then the condition's value in the postings, then the COMMIT.
    expect(only.split(`rt1:${userId}`)).toHaveLength(3);
    expect(only.indexOf(`rt1:${userId}`)).toBeLessThan(only.lastIndexOf(`rt1:${userId}`));
    expect(only.lastIndexOf('commit')).toBeGreaterThan(only.lastIndexOf(`rt1:${userId}`));
  });

  it('is two round trips without a condition: BEGIN with the row-and-lock statement and the read under the lock, then the postings with the COMMIT', async () => {
    const { id: userId } = await createFundedLedgerTestUser(testDb.db, 10n * FAR);
    // The first ones create the reserved account and prepare the statements on every connection
    // of the pool (a statement's first run on a connection adds its Parse round trip).
    for (let n = 0; n < 6; n++) await reserveWithCheck(userId, `rt-warm${n}:${userId}`);

    const writes = await socketWritesDuring(() => reserveWithCheck(userId, `rt3:${userId}`));
    expect(writes).toHaveLength(2);
    const [first, second] = writes as [string, string];
    expect(first).toContain(`rt3:${userId}`); // the ledger transaction row, and the read behind it
    expect(first.split(`rt3:${userId}`)).toHaveLength(3);
    expect(second).toContain('commit');
  });
});
