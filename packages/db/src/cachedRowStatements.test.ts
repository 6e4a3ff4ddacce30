import { eq } from 'drizzle-orm';
import { pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedRowInsert } from './cachedRowInsert.js';
import { cachedRowUpdate } from './cachedRowUpdate.js';
import { createStatementCache } from './createStatementCache.js';
import { inferenceTasks, users } from './schema/index.js';
import { createTestDb, type TestDbHandle } from './testing/createTestDb.js';
import { testDrivers } from './testing/testDrivers.js';

const wallet = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;

describe.each(testDrivers())('cachedRowInsert and cachedRowUpdate on %s', (driver) => {
  let testDb: TestDbHandle;
  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('insert: one shape per set of columns, nulls and defaults kept, values through the encoders', async () => {
    const { db } = testDb;
    const statements = createStatementCache();
    const built: string[] = [];
    const run = async (row: typeof users.$inferInsert) => {
      const statement = cachedRowInsert(db, users, row, 'user');
      const build = () => {
        built.push(statement.key);
        return statement.build();
      };
      await statements.run(db, { ...statement, build });
      return statement.key;
    };
    const a = await run({ walletAddress: wallet(1), email: 'a@far.test' });
    const b = await run({ walletAddress: wallet(2), email: 'b@far.test', username: undefined });
    const c = await run({ walletAddress: wallet(3), email: null });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(built).toEqual([a, c]);
    const rows = await db
      .select({ wallet: users.walletAddress, email: users.email, tier: users.tier })
      .from(users)
      .orderBy(users.walletAddress);
    expect(rows).toEqual([
      { wallet: wallet(1), email: 'a@far.test', tier: 'basic' },
      { wallet: wallet(2), email: 'b@far.test', tier: 'basic' },
      { wallet: wallet(3), email: null, tier: 'basic' },
    ]);
  });

  it('update: sets only the given columns of the keyed row; a null is written as null, not through an encoder', async () => {
    const { db } = testDb;
    const statements = createStatementCache();
    const [user] = await db
      .insert(users)
      .values({ walletAddress: wallet(10) })
      .returning();
    const [task] = await db
      .insert(inferenceTasks)
      .values({ taskId: 'cached-update', userId: user?.id as string, modelName: 'm', temperature: 0.5 })
      .returning({ id: inferenceTasks.id });
    const id = task?.id as string;
    const completedAt = new Date('2026-12-07T04:00:00.000Z');
    await statements.run(
      db,
      cachedRowUpdate(
        db,
        inferenceTasks,
        inferenceTasks.id,
        id,
        { status: 'completed', costFarWei: 12n, completedAt },
        'task',
      ),
    );
    // A numeric column's encoder would have sent the text 'null'.
    await statements.run(
      db,
      cachedRowUpdate(db, inferenceTasks, inferenceTasks.id, id, { temperature: null }, 'task'),
    );
    const [row] = await db
      .select({
        status: inferenceTasks.status,
        cost: inferenceTasks.costFarWei,
        completedAt: inferenceTasks.completedAt,
        temperature: inferenceTasks.temperature,
        model: inferenceTasks.modelName,
      })
      .from(inferenceTasks)
      .where(eq(inferenceTasks.id, id));
    expect(row).toEqual({ status: 'completed', cost: 12n, completedAt, temperature: null, model: 'm' });
  });

  it('refuses to cache a column Drizzle would compute once when it builds ($defaultFn, $onUpdate)', async () => {
    const { db } = testDb;
    const stamped = pgTable('stamped', {
      id: uuid('id').primaryKey(),
      note: text('note'),
      stamp: text('stamp')
        .$defaultFn(() => String(Math.random()))
        .$onUpdate(() => String(Math.random())),
    });
    const statements = createStatementCache();
    await expect(
      statements.run(db, cachedRowInsert(db, stamped, { id: 'x', note: 'a' }, 's')),
    ).rejects.toThrow(/stamped\.stamp has a \$defaultFn/);
    await expect(
      statements.run(db, cachedRowUpdate(db, stamped, stamped.id, 'x', { note: 'b' }, 's')),
    ).rejects.toThrow(/stamped\.stamp has an \$onUpdate/);
  });
});
