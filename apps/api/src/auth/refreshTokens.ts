import { randomUUID } from 'node:crypto';
import { type Db, refreshTokens } from '@far/db';
import { and, eq, isNull } from 'drizzle-orm';
import { BaseError } from '../errors/BaseError.js';
import { hashSecret, randomSecret } from './hashSecret.js';

export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600_000;

/**
 * Issues a refresh token in a family (a new family at sign-in, the same family on rotation).
 *
 * @returns the raw token (for the cookie; only its hash is stored) and its expiry.
 */
export async function issueRefreshToken(
  db: Db,
  params: { userId: string; familyId?: string; now?: Date },
): Promise<{ token: string; familyId: string; expiresAt: Date }> {
  const token = randomSecret(32);
  const familyId = params.familyId ?? randomUUID();
  const expiresAt = new Date((params.now ?? new Date()).getTime() + REFRESH_TOKEN_TTL_MS);
  await db
    .insert(refreshTokens)
    .values({ userId: params.userId, familyId, tokenHash: hashSecret(token), expiresAt });
  return { token, familyId, expiresAt };
}

/** Revokes every token of a family (sign-out, or reuse of a spent token). */
export async function revokeRefreshFamily(db: Db, familyId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

/**
 * Spends a refresh token and issues its successor in the same family. Presenting a token
 * that was already spent means it leaked: the whole family is revoked.
 *
 * @throws BaseError `refresh_token_reused`, `invalid_token` or `token_expired`.
 */
export async function rotateRefreshToken(db: Db, token: string, now = new Date()) {
  const [row] = await db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashSecret(token)));
  if (!row || row.revokedAt) throw new BaseError('invalid_token', 'Refresh token is invalid or revoked');
  if (row.expiresAt.getTime() <= now.getTime()) throw new BaseError('token_expired', 'Refresh token expired');
  // Spend it atomically: of two concurrent uses, exactly one wins; the other is a reuse.
  const spent = await db
    .update(refreshTokens)
    .set({ usedAt: now })
    .where(and(eq(refreshTokens.id, row.id), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
    .returning({ id: refreshTokens.id });
  if (spent.length === 0) {
    await revokeRefreshFamily(db, row.familyId);
    throw new BaseError('refresh_token_reused', 'Refresh token was already used; the session is revoked');
  }
  const next = await issueRefreshToken(db, { userId: row.userId, familyId: row.familyId, now });
  return { ...next, userId: row.userId };
}

/** Finds the family of a raw token (for sign-out), or undefined. */
export async function findRefreshFamily(db: Db, token: string): Promise<string | undefined> {
  const [row] = await db
    .select({ familyId: refreshTokens.familyId })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashSecret(token)));
  return row?.familyId;
}
