export { cachedRowInsert } from './cachedRowInsert.js';
export { cachedRowUpdate } from './cachedRowUpdate.js';
export { type CreateDbOptions, createDb, type DbHandle, migrationsFolder } from './createDb.js';
export {
  type CreateLeaderLockOptions,
  createLeaderLock,
  type LeaderLock,
} from './createLeaderLock.js';
export { type CachedStatement, createStatementCache, type StatementCache } from './createStatementCache.js';
export type { Db } from './Db.js';
export { hasSqlState } from './hasSqlState.js';
export * from './schema/index.js';
export { type CreateTestDbOptions, createTestDb, type TestDbHandle } from './testing/createTestDb.js';
export { testDrivers } from './testing/testDrivers.js';
