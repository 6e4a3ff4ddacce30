import { apiKeys, type Db, users } from '@far/db';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import { type RecordUserActivityInput, recordUserActivity } from '../account/recordUserActivity.js';
import { BaseError } from '../errors/BaseError.js';
import { hashSecret, randomSecret } from './hashSecret.js';
import { recordApiKeyUse } from './recordApiKeyUse.js';

export const API_KEY_PREFIX = 'far_sk_';
/** How many leading characters of a key are kept in clear, to tell keys apart in a list. */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

/**
 * How long a resolved API key is trusted without asking the database again. Revoking a key through
 * this process takes effect at once; revoked on another replica (or the row changed by hand), a key
 * keeps working here for at most this long.
 */
export const API_KEY_OWNER_MAX_AGE_MS = 5_000;
/**
 * A remembered answer older than this is asked again in the background while it is still served
 * (refresh-ahead): a key in use at least this often never makes a request wait for its lookup.
 */
const OWNER_REFRESH_AFTER_MS = API_KEY_OWNER_MAX_AGE_MS / 2;
/** Resolved keys remembered per database; the least recently used are forgotten beyond this. */
const OWNER_CACHE_LIMIT = 10_000;

export type ApiKeyOwner = { keyId: string; userId: string; walletAddress: `0x${string}` };

// Keyed by the database handle the routes share, so a revocation reaches the lookups of the same
// app and separate databases (tests) never see each other's keys. Keyed inside by the key's hash.
// `revocations` counts revocations, so a lookup that raced one is not remembered.
// `refreshes` holds the background lookups in flight (see apiKeyRefreshesSettled).
type RememberedOwner = { owner: ApiKeyOwner; fetchedAt: number; refreshing: boolean };
type OwnerCache = {
  entries: LRUCache<string, RememberedOwner>;
  revocations: number;
  refreshes: Set<Promise<void>>;
};
const ownerCaches = new WeakMap<Db, OwnerCache>();

function ownerCacheOf(db: Db): OwnerCache {
  let cache = ownerCaches.get(db);
  if (!cache) {
    cache = { entries: new LRUCache({ max: OWNER_CACHE_LIMIT }), revocations: 0, refreshes: new Set() };
    ownerCaches.set(db, cache);
  }
  return cache;
}

/** Who asked for a key change, for the user's activity: the client, and the operator when it was not the user. */
export type ApiKeyChangeOrigin = Pick<RecordUserActivityInput, 'ip' | 'userAgent' | 'actorAddress'> & {
  /** Why an operator did it (admin actions). */
  reason?: string;
};

/**
 * Creates an API key for a user and records `api_key_created` in their activity, in one
 * transaction. The raw key is returned once and never stored.
 *
 * @example
 * const { key } = await createApiKey(db, { userId, name: 'laptop' });
 */
export async function createApiKey(
  db: Db,
  params: { userId: string; name: string; origin?: ApiKeyChangeOrigin },
) {
  const key = `${API_KEY_PREFIX}${randomSecret(32)}`;
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(apiKeys)
      .values({
        userId: params.userId,
        name: params.name,
        prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
        keyHash: hashSecret(key),
      })
      .returning();
    if (!inserted) throw new Error('insert returned no row');
    await recordKeyActivity(tx, 'api_key_created', inserted, params.origin);
    return inserted;
  });
  return { id: row.id, name: row.name, prefix: row.prefix, key, createdAt: row.createdAt };
}

function recordKeyActivity(
  tx: Db,
  type: 'api_key_created' | 'api_key_revoked',
  key: { id: string; userId: string; name: string; prefix: string },
  origin: ApiKeyChangeOrigin = {},
) {
  return recordUserActivity(tx, {
    userId: key.userId,
    type,
    detail: {
      keyId: key.id,
      name: key.name,
      prefix: key.prefix,
      ...(origin.reason === undefined ? {} : { reason: origin.reason }),
    },
    ip: origin.ip ?? null,
    userAgent: origin.userAgent ?? null,
    actorAddress: origin.actorAddress ?? null,
  });
}

/** Lists a user's keys, newest first, without secrets. */
export async function listApiKeys(db: Db, userId: string) {
  return db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.userId, userId))
    .orderBy(desc(apiKeys.createdAt));
}

/**
 * Revokes one of the user's keys and records `api_key_revoked` in their activity, in one
 * transaction (revoking a key already revoked records nothing).
 *
 * @throws BaseError `not_found` when the key is not the user's (no hint that it exists).
 */
export async function revokeApiKey(
  db: Db,
  params: { userId: string; keyId: string; origin?: ApiKeyChangeOrigin },
) {
  const revoked = await db.transaction(async (tx) => {
    const rows = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, params.keyId), eq(apiKeys.userId, params.userId), isNull(apiKeys.revokedAt)))
      .returning();
    for (const row of rows) await recordKeyActivity(tx, 'api_key_revoked', row, params.origin);
    return rows;
  });
  if (revoked.length === 0) {
    const [existing] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, params.keyId), eq(apiKeys.userId, params.userId)));
    if (!existing) throw new BaseError('not_found', 'API key not found');
  }
  const cache = ownerCacheOf(db);
  cache.revocations++;
  // A copy: the cache is not iterated while entries are deleted from it.
  for (const [hash, entry] of [...cache.entries.entries()])
    if (entry.owner.keyId === params.keyId) cache.entries.delete(hash);
}

/**
 * Resolves a raw API key to its user, or undefined when unknown or revoked. A key found valid is
 * remembered for {@link API_KEY_OWNER_MAX_AGE_MS}, so a busy key costs no database round trip per
 * request, and a remembered answer past half that age is asked again in the background while it
 * is served, so a key in steady use never waits for a lookup at all (the bench's 108 keys at
 * 50 req/s each came back every ~2 s: a third of requests waited for this lookup before). Each use
 * is noted for `last_used_at` (see {@link recordApiKeyUse}: written about once a second for every
 * key used, not per request).
 * Unknown and revoked keys are always looked up (nothing to remember an attacker's guesses by).
 *
 * @param db - the database handle the app's routes share (its revocations evict this cache).
 * @param key - the raw `far_sk_…` key.
 * @param options - `now` (tests); a remembered answer is trusted for {@link API_KEY_OWNER_MAX_AGE_MS}.
 * @returns the key id, user id and wallet, or undefined.
 * @example
 * const owner = await findApiKeyOwner(db, 'far_sk_…');
 */
export async function findApiKeyOwner(
  db: Db,
  key: string,
  options: { now?: number } = {},
): Promise<ApiKeyOwner | undefined> {
  const now = options.now ?? Date.now();
  const hash = hashSecret(key);
  const cache = ownerCacheOf(db);
  const cached = cache.entries.get(hash);
  if (cached && now - cached.fetchedAt < API_KEY_OWNER_MAX_AGE_MS) {
    if (now - cached.fetchedAt >= OWNER_REFRESH_AFTER_MS && !cached.refreshing)
      refreshOwner(db, cache, hash, cached, now);
    recordApiKeyUse(db, cached.owner.keyId, now);
    return cached.owner;
  }
  cache.entries.delete(hash);
  const revocationsBefore = cache.revocations;
  const owner = await readApiKeyOwner(db, hash);
  if (!owner) return undefined;
  recordApiKeyUse(db, owner.keyId, now);
  if (cache.revocations === revocationsBefore)
    cache.entries.set(hash, { owner, fetchedAt: now, refreshing: false });
  return owner;
}

/** Resolves once the background lookups started so far (see {@link findApiKeyOwner}) have ended (tests). */
export async function apiKeyRefreshesSettled(db: Db): Promise<void> {
  await Promise.all([...ownerCacheOf(db).refreshes]);
}

/**
 * Asks the database again for a remembered key while the remembered answer is still served:
 * still valid, it is remembered afresh from `now` (when the lookup was sent); revoked or gone, it
 * is forgotten, so the next request is refused. A lookup that raced a revocation in this process
 * remembers nothing (the revocation evicted what it had to), and a failed one leaves the entry to
 * run out.
 */
function refreshOwner(db: Db, cache: OwnerCache, hash: string, cached: RememberedOwner, now: number): void {
  cached.refreshing = true;
  const revocationsBefore = cache.revocations;
  const refresh = readApiKeyOwner(db, hash).then(
    (owner) => {
      cached.refreshing = false;
      if (!owner) {
        if (cache.entries.get(hash) === cached) cache.entries.delete(hash);
      } else if (cache.revocations === revocationsBefore) {
        cache.entries.set(hash, { owner, fetchedAt: now, refreshing: false });
      }
    },
    () => {
      cached.refreshing = false;
    },
  );
  cache.refreshes.add(refresh);
  void refresh.finally(() => cache.refreshes.delete(refresh));
}

/** The key's owner as the database has it now, or undefined when the key is unknown or revoked. */
async function readApiKeyOwner(db: Db, hash: string): Promise<ApiKeyOwner | undefined> {
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      userId: users.id,
      walletAddress: users.walletAddress,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, hash));
  if (!row || row.revokedAt) return undefined;
  return { keyId: row.keyId, userId: row.userId, walletAddress: row.walletAddress as `0x${string}` };
}
