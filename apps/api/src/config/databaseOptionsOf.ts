import type { CreateDbOptions } from '@far/db';
import type { Config } from './parseConfig.js';

/**
 * Which database a configuration names: PostgreSQL at `DATABASE_URL`, else PGlite under
 * `DATA_DIR` (never the process's own DATABASE_URL behind the configuration's back).
 *
 * @returns the options for `createDb`.
 */
export function databaseOptionsOf(config: Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>): CreateDbOptions {
  return config.DATABASE_URL
    ? { url: config.DATABASE_URL }
    : { driver: 'pglite', dataDir: `${config.DATA_DIR}/pglite` };
}
