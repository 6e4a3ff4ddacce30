import { apiKeys, type Db, users } from '@far/db';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { BaseError } from '../errors/BaseError.js';
import { hashSecret, randomSecret } from './hashSecret.js';

export const API_KEY_PREFIX = 'far_sk_';
/** How many leading characters of a key are kept in clear, to tell keys apart in a list. */
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

/**
 * Creates an API key for a user. The raw key is returned once and never stored.
 *
 * @example
 * const { key } = await createApiKey(db, { userId, name: 'laptop' });
 */
export async function createApiKey(db: Db, params: { userId: string; name: string }) {
  const key = `${API_KEY_PREFIX}${randomSecret(32)}`;
  const [row] = await db
    .insert(apiKeys)
    .values({
      userId: params.userId,
      name: params.name,
      prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
      keyHash: hashSecret(key),
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return { id: row.id, name: row.name, prefix: row.prefix, key, createdAt: row.createdAt };
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
 * Revokes one of the user's keys.
 *
 * @throws BaseError `not_found` when the key is not the user's (no hint that it exists).
 */
export async function revokeApiKey(db: Db, params: { userId: string; keyId: string }) {
  const revoked = await db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, params.keyId), eq(apiKeys.userId, params.userId), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  if (revoked.length === 0) {
    const [existing] = await db
      .select({ id: apiKeys.id })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, params.keyId), eq(apiKeys.userId, params.userId)));
    if (!existing) throw new BaseError('not_found', 'API key not found');
  }
}

/** Resolves a raw API key to its user, or undefined when unknown or revoked. */
export async function findApiKeyOwner(db: Db, key: string) {
  const [row] = await db
    .select({
      keyId: apiKeys.id,
      userId: users.id,
      walletAddress: users.walletAddress,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.keyHash, hashSecret(key)));
  if (!row || row.revokedAt) return undefined;
  // Best-effort bookkeeping; a failure here must not fail the request.
  db.update(apiKeys)
    .set({ lastUsedAt: new Date() })
    .where(eq(apiKeys.id, row.keyId))
    .catch(() => {});
  return { keyId: row.keyId, userId: row.userId, walletAddress: row.walletAddress as `0x${string}` };
}
