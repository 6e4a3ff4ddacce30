import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { createDb, type DbHandle } from '../createDb.js';

export type CreateTestDbOptions = {
  /** Apply the migrations before returning (default true). */
  migrate?: boolean;
  /** Server to create the database on; defaults to `DATABASE_URL`. Without one, PGlite in memory. */
  url?: string;
  /** `pglite` ignores `DATABASE_URL`, so one test run can cover both drivers. */
  driver?: 'postgres' | 'pglite';
};

export type TestDbHandle = DbHandle & {
  /** The fresh database's URL (Postgres only). */
  url: string | undefined;
};

/**
 * A private, migrated database for one test file. With `DATABASE_URL` set it creates a uniquely
 * named database (`far_t_<unix seconds>_<random>`) on that server and drops it on `close()`, so tests never see
 * each other's rows; otherwise it is an in-memory PGlite.
 *
 * @param options - `migrate` (default true), `url` (default `DATABASE_URL`), `driver`.
 * @returns the handle from {@link createDb}, whose `close()` also drops the database.
 * @example
 * const testDb = await createTestDb();
 * afterAll(() => testDb.close());
 */
export async function createTestDb(options: CreateTestDbOptions = {}): Promise<TestDbHandle> {
  const serverUrl =
    options.driver === 'pglite' ? undefined : (options.url ?? (process.env.DATABASE_URL || undefined));
  if (options.driver === 'postgres' && serverUrl === undefined) {
    throw new Error('createTestDb: driver "postgres" needs a url or DATABASE_URL');
  }
  const shouldMigrate = options.migrate ?? true;

  if (serverUrl === undefined) {
    const handle = await createDb({ driver: 'pglite' });
    if (shouldMigrate) await handle.migrate();
    return { ...handle, url: undefined };
  }

  // The creation time in the name lets later runs drop databases a killed test run left behind.
  const name = `far_t_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await dropAbandonedTestDatabases(admin);
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ url: url.toString(), maxConnections: 5 });
  try {
    if (shouldMigrate) await handle.migrate();
  } catch (error) {
    await handle.close();
    await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    throw error;
  }
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      try {
        await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}

// Far longer than any test file runs, so a live test's database is never touched.
const ABANDONED_AFTER_SECONDS = 6 * 60 * 60;

async function dropAbandonedTestDatabases(admin: postgres.Sql): Promise<void> {
  const rows = await admin<{ datname: string }[]>`
    select datname from pg_database where datname ~ '^far_t_[0-9]+_[0-9a-f]+$'`;
  const now = Math.floor(Date.now() / 1000);
  for (const { datname } of rows) {
    const createdAt = Number(datname.split('_')[2]);
    if (now - createdAt < ABANDONED_AFTER_SECONDS) continue;
    // Best effort: another run may be dropping the same one right now.
    await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => undefined);
  }
}
