import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasSqlState } from './hasSqlState.js';
import { createTestDb, type TestDbHandle } from './testing/createTestDb.js';
import { testDrivers } from './testing/testDrivers.js';

describe.each(testDrivers())('hasSqlState on %s', (driver) => {
  let testDb: TestDbHandle;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await testDb?.close();
  });

  it('finds the code of a failed query, through the wrapping Drizzle adds, and no other', async () => {
    const error = await testDb.db.execute(sql`select 1 / 0`).catch((e: unknown) => e);
    expect(hasSqlState(error, '22012')).toBe(true); // division_by_zero
    expect(hasSqlState(error, '23505')).toBe(false);
    expect(hasSqlState(new Error('no code'), '22012')).toBe(false);
    expect(hasSqlState(undefined, '22012')).toBe(false);
  });
});
