import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStatementCache } from './createStatementCache.js';
import { ledgerTransactions } from './schema/index.js';
import { createTestDb, type TestDbHandle } from './testing/createTestDb.js';
import { testDrivers } from './testing/testDrivers.js';

describe.each(testDrivers())('createStatementCache on %s', (driver) => {
  let testDb: TestDbHandle;
  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('builds a shape once and runs it with each call’s values, through the columns’ encoders, in a transaction too', async () => {
    const statements = createStatementCache();
    let builds = 0;
    const insert = (key: string, metadata: Record<string, unknown>) =>
      testDb.db.transaction((tx) =>
        statements.rows<{ id: string }>(
          tx,
          'insert-transaction',
          () => {
            builds += 1;
            return tx
              .insert(ledgerTransactions)
              .values({
                idempotencyKey: sql.placeholder('key'),
                kind: 'transfer',
                fingerprint: sql.placeholder('key'),
                metadata: sql.placeholder('metadata'),
              })
              .returning({ id: ledgerTransactions.id });
          },
          { key, metadata },
        ),
      );
    const [first] = await insert('cache-a', { n: 1, note: 'a' });
    const [second] = await insert('cache-b', { n: 2 });
    expect(builds).toBe(1);
    expect(first?.id).not.toBe(second?.id);
    const stored = await testDb.db
      .select({ key: ledgerTransactions.idempotencyKey, metadata: ledgerTransactions.metadata })
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.id, second?.id as string));
    // jsonb went through its encoder: stored as an object, not as a JSON string.
    expect(stored).toEqual([{ key: 'cache-b', metadata: { n: 2 } }]);
  });

  it('keeps at most `limit` shapes, dropping the oldest', async () => {
    const statements = createStatementCache(2);
    const builds: string[] = [];
    const select = (key: string, value: number) =>
      statements.rows<{ v: number }>(
        testDb.db,
        key,
        () => {
          builds.push(key);
          return sql`select ${sql.placeholder('v')}::int as v`;
        },
        { v: value },
      );
    expect(await select('a', 1)).toEqual([{ v: 1 }]);
    await select('b', 2);
    await select('a', 3);
    await select('c', 4);
    expect(await select('a', 5)).toEqual([{ v: 5 }]);
    expect(builds).toEqual(['a', 'b', 'c', 'a']);
  });
});
