import { apiKeys } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_OWNER_MAX_AGE_MS, createApiKey, findApiKeyOwner, revokeApiKey } from './apiKeys.js';
import { upsertUser } from './upsertUser.js';

let database: TestDbHandle;
let userId: string;
beforeAll(async () => {
  database = await createTestDb();
  ({ id: userId } = await upsertUser(database.db, '0x00000000000000000000000000000000000000a1'));
});
afterAll(() => database.close());

describe('findApiKeyOwner', () => {
  it('resolves a key to its owner and stops at once when the key is revoked through the same database', async () => {
    const { id, key } = await createApiKey(database.db, { userId, name: 'laptop' });
    expect(await findApiKeyOwner(database.db, key)).toMatchObject({ keyId: id, userId });
    // Remembered now; the revocation must evict it.
    await revokeApiKey(database.db, { userId, keyId: id });
    expect(await findApiKeyOwner(database.db, key)).toBeUndefined();
  });

  it('a key revoked behind its back (another replica) is refused once the remembered answer is older than the limit', async () => {
    const { id, key } = await createApiKey(database.db, { userId, name: 'ci' });
    const at = Date.now();
    expect(await findApiKeyOwner(database.db, key, { now: at })).toMatchObject({ keyId: id });
    await database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
    // Bounded staleness, by design: within the limit this replica still trusts its answer…
    expect(await findApiKeyOwner(database.db, key, { now: at + API_KEY_OWNER_MAX_AGE_MS - 1 })).toMatchObject(
      {
        keyId: id,
      },
    );
    // …and not a moment longer.
    expect(await findApiKeyOwner(database.db, key, { now: at + API_KEY_OWNER_MAX_AGE_MS })).toBeUndefined();
  });

  it('refuses unknown keys every time', async () => {
    expect(await findApiKeyOwner(database.db, 'far_sk_not-a-key')).toBeUndefined();
    expect(await findApiKeyOwner(database.db, 'far_sk_not-a-key')).toBeUndefined();
  });
});
