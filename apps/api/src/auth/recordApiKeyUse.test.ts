import { apiKeys } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, findApiKeyOwner } from './apiKeys.js';
import { flushApiKeyUses, recordApiKeyUse } from './recordApiKeyUse.js';
import { upsertUser } from './upsertUser.js';

let database: TestDbHandle;
let userId: string;
beforeAll(async () => {
  database = await createTestDb();
  ({ id: userId } = await upsertUser(database.db, '0x00000000000000000000000000000000000000b2'));
});
afterAll(() => database.close());

const lastUsedAt = async (keyId: string) => {
  const [row] = await database.db
    .select({ at: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(eq(apiKeys.id, keyId));
  return row?.at ?? null;
};

describe('recordApiKeyUse', () => {
  it('writes nothing per use; the latest use of every key goes out in one write', async () => {
    const a = await createApiKey(database.db, { userId, name: 'a' });
    const b = await createApiKey(database.db, { userId, name: 'b' });
    const at = Date.UTC(2026, 11, 7, 12, 0, 0);
    recordApiKeyUse(database.db, a.id, at + 2_000);
    recordApiKeyUse(database.db, a.id, at + 1_000);
    recordApiKeyUse(database.db, b.id, at + 500);
    expect(await lastUsedAt(a.id)).toBeNull();
    await flushApiKeyUses(database.db);
    expect((await lastUsedAt(a.id))?.getTime()).toBe(at + 2_000);
    expect((await lastUsedAt(b.id))?.getTime()).toBe(at + 500);
  });

  it('never moves last_used_at back (a late write from another replica)', async () => {
    const { id } = await createApiKey(database.db, { userId, name: 'late' });
    const at = Date.UTC(2026, 11, 7, 13, 0, 0);
    recordApiKeyUse(database.db, id, at);
    await flushApiKeyUses(database.db);
    recordApiKeyUse(database.db, id, at - 60_000);
    await flushApiKeyUses(database.db);
    expect((await lastUsedAt(id))?.getTime()).toBe(at);
  });

  it('counts every request a key resolves, remembered or looked up', async () => {
    const { id, key } = await createApiKey(database.db, { userId, name: 'busy' });
    const at = Date.UTC(2026, 11, 7, 14, 0, 0);
    await findApiKeyOwner(database.db, key, { now: at });
    await findApiKeyOwner(database.db, key, { now: at + 1_000 });
    await flushApiKeyUses(database.db);
    expect((await lastUsedAt(id))?.getTime()).toBe(at + 1_000);
  });

  it('writes on its own within the interval', async () => {
    const { id } = await createApiKey(database.db, { userId, name: 'timer' });
    const at = Date.UTC(2026, 11, 7, 15, 0, 0);
    recordApiKeyUse(database.db, id, at);
    await expect.poll(() => lastUsedAt(id).then((d) => d?.getTime()), { timeout: 5_000 }).toBe(at);
  });
});
