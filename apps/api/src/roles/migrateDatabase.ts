import { createDb } from '@far/db';
import { databaseOptionsOf } from '../config/databaseOptionsOf.js';
import type { Config } from '../config/parseConfig.js';

/**
 * The `migrate` role: applies the committed SQL migrations to the configured database and exits.
 * Production processes never migrate on start (see openPlatformCore); a deploy runs this once, as a
 * one-off task, before the new `api` and `worker` tasks start. Concurrent runs are safe: createDb's
 * migrate holds an advisory lock.
 *
 * @param config - the parsed configuration (DATABASE_URL, or DATA_DIR for PGlite).
 */
export async function migrateDatabase(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): Promise<void> {
  const database = await createDb(databaseOptionsOf(config));
  try {
    await database.migrate();
  } finally {
    await database.close();
  }
}
