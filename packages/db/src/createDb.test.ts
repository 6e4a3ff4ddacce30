import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from './createDb.js';

const databaseUrl = process.env.DATABASE_URL;

describe.skipIf(!databaseUrl)('createDb on PostgreSQL', () => {
  let handle: DbHandle;
  let admin: postgres.Sql;

  beforeAll(async () => {
    handle = await createDb({ url: databaseUrl as string, maxConnections: 2 });
    admin = postgres(databaseUrl as string, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await handle?.close();
    await admin?.end();
  });

  // A failover or an operator ending a session kills the backend under an open transaction. With
  // postgres.js 3.4 that threw a TypeError from a timer (the API process ended) and hung the pool.
  it('fails a transaction whose backend is terminated, and the pool serves the next ones', async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        const [row] = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as [{ pid: number }];
        await admin`select pg_terminate_backend(${row.pid})`;
        await tx.execute(sql`select 1`);
      }),
    ).rejects.toThrow();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => handle.db.transaction((tx) => tx.execute(sql`select 1 as one`))),
    );
    expect(answers).toHaveLength(6);
  });

  // Drizzle sends its queries unprepared unless named; the client prepares them all (preparingClient),
  // so the server parses and plans a statement once per connection, not on every run.
  it('runs Drizzle queries as prepared statements, on the pool and in transactions and savepoints', async () => {
    const prepared = (tx: typeof handle.db) =>
      tx.execute(
        sql`select statement from pg_prepared_statements where statement like ${'%far_prepare_probe%'}`,
      );
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int as far_prepare_probe`);
      expect(((await prepared(tx)) as unknown as unknown[]).length).toBeGreaterThanOrEqual(1);
      await tx.transaction(async (savepoint) => {
        await savepoint.execute(sql`select ${2}::int as far_prepare_probe_nested`);
        const rows = (await prepared(savepoint)) as unknown as Array<{ statement: string }>;
        expect(rows.some((row) => row.statement.includes('far_prepare_probe_nested'))).toBe(true);
      });
    });
    const [one] = (await handle.db.execute(sql`select ${3}::int as far_prepare_probe_pool`)) as unknown as [
      { far_prepare_probe_pool: number },
    ];
    expect(one.far_prepare_probe_pool).toBe(3);
  });
});
