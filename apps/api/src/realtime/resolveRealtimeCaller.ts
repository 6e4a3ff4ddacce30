import { type Db, users } from '@far/db';
import { eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { verifyAccessToken } from '../auth/accessToken.js';
import { API_KEY_PREFIX, findApiKeyOwner } from '../auth/apiKeys.js';
import { BaseError } from '../errors/BaseError.js';

/** Who is on the other end of a realtime connection. */
export type RealtimeCaller = {
  userId: string;
  /** Lowercase, as stored in `users.wallet_address`, so it compares with `gpu_nodes.owner_address`. */
  walletAddress: `0x${string}`;
  /** When the access token stops being valid; absent for API keys, which live until revoked. */
  expiresAt?: Date;
};

export type ResolveRealtimeCallerOptions = {
  db: Db;
  jwtSecret: Uint8Array;
  /** Browsers use access JWTs; programs streaming `/ws/inference/{taskId}` may use an API key. */
  allowApiKeys: boolean;
};

/**
 * Authenticates a realtime connection's credential (an access JWT, or an API key where allowed)
 * and confirms the user still exists.
 *
 * @param options - database, JWT secret, whether API keys are accepted.
 * @param credential - the raw token, or undefined when the client sent none.
 * @returns the caller, with the token's expiry for JWTs.
 * @throws BaseError `unauthorized` (no credential), `invalid_token` or `token_expired`.
 * @example
 * const caller = await resolveRealtimeCaller({ db, jwtSecret, allowApiKeys: false }, token);
 */
export async function resolveRealtimeCaller(
  options: ResolveRealtimeCallerOptions,
  credential: string | undefined,
): Promise<RealtimeCaller> {
  if (!credential) throw new BaseError('unauthorized', 'Send an access token');
  if (credential.startsWith(API_KEY_PREFIX)) {
    if (!options.allowApiKeys) {
      throw new BaseError('invalid_token', 'API keys are not accepted here; use an access token');
    }
    const owner = await findApiKeyOwner(options.db, credential);
    if (!owner) throw new BaseError('invalid_token', 'API key is invalid or revoked');
    return { userId: owner.userId, walletAddress: owner.walletAddress.toLowerCase() as `0x${string}` };
  }
  const claims = await verifyAccessToken(options.jwtSecret, credential);
  // `users.id` is a uuid column: a malformed subject must be refused, not reach Postgres as an error.
  if (!z.uuid().safeParse(claims.userId).success) {
    throw new BaseError('invalid_token', 'Access token has a malformed subject');
  }
  // A signed token can outlive its user (an account removed by an operator): check the row too.
  const [user] = await options.db
    .select({ id: users.id, walletAddress: users.walletAddress })
    .from(users)
    .where(eq(users.id, claims.userId));
  if (!user) throw new BaseError('invalid_token', 'Access token names an unknown user');
  const { exp } = decodeJwt(credential);
  return {
    userId: user.id,
    walletAddress: user.walletAddress.toLowerCase() as `0x${string}`,
    ...(exp === undefined ? {} : { expiresAt: new Date(exp * 1000) }),
  };
}
