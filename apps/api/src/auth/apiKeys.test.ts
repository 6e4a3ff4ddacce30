import { apiKeys } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY_OWNER_MAX_AGE_MS,
  apiKeyRefreshesSettled,
  createApiKey,
  findApiKeyOwner,
  revokeApiKey,
} from './apiKeys.js';
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

  it('a key used past half its remembered lifetime is asked again in the background and remembered afresh', async () => {
    const { id, key } = await createApiKey(database.db, { userId, name: 'busy' });
    const at = Date.now();
    await findApiKeyOwner(database.db, key, { now: at });
    const half = at + API_KEY_OWNER_MAX_AGE_MS / 2;
    // Answered from memory; the lookup it starts runs behind it.
    expect(await findApiKeyOwner(database.db, key, { now: half })).toMatchObject({ keyId: id });
    await apiKeyRefreshesSettled(database.db);
    await database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
    // Past the first answer's lifetime, within the refreshed one's: still remembered…
    expect(await findApiKeyOwner(database.db, key, { now: at + API_KEY_OWNER_MAX_AGE_MS })).toMatchObject({
      keyId: id,
    });
    // …and the refreshed answer runs out on time too.
    expect(await findApiKeyOwner(database.db, key, { now: half + API_KEY_OWNER_MAX_AGE_MS })).toBeUndefined();
  });

  it('the background lookup forgets a key revoked behind its back before its lifetime runs out', async () => {
    const { id, key } = await createApiKey(database.db, { userId, name: 'leaked' });
    const at = Date.now();
    await findApiKeyOwner(database.db, key, { now: at });
    await database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, id));
    const half = at + API_KEY_OWNER_MAX_AGE_MS / 2;
    expect(await findApiKeyOwner(database.db, key, { now: half })).toMatchObject({ keyId: id });
    await apiKeyRefreshesSettled(database.db);
    expect(await findApiKeyOwner(database.db, key, { now: half + 1 })).toBeUndefined();
  });

  it('refuses unknown keys every time', async () => {
    expect(await findApiKeyOwner(database.db, 'far_sk_not-a-key')).toBeUndefined();
    expect(await findApiKeyOwner(database.db, 'far_sk_not-a-key')).toBeUndefined();
  });
});
