export { type CreateTestDbOptions, createTestDb, type TestDbHandle } from './createTestDb.js';
export { testDrivers } from './testDrivers.js';
