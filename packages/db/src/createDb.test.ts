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
});
