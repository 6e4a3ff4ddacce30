import { errors, jwtVerify, SignJWT } from 'jose';
import { BaseError } from '../errors/BaseError.js';

const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

export type AccessClaims = { userId: string; walletAddress: `0x${string}` };

/**
 * Signs a 15-minute HS256 access token.
 *
 * @returns the token and when it expires.
 */
export async function signAccessToken(secret: Uint8Array, claims: AccessClaims, now = new Date()) {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ACCESS_TOKEN_TTL_SECONDS;
  const token = await new SignJWT({ addr: claims.walletAddress })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setIssuer('far-labs')
    .setAudience('far-api')
    .sign(secret);
  return { token, expiresAt: new Date(exp * 1000) };
}

/**
 * Verifies an access token's signature, issuer, audience and expiry.
 *
 * @throws BaseError `token_expired` or `invalid_token`.
 */
export async function verifyAccessToken(secret: Uint8Array, token: string): Promise<AccessClaims> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      issuer: 'far-labs',
      audience: 'far-api',
      algorithms: ['HS256'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.addr !== 'string') {
      throw new BaseError('invalid_token', 'Access token is missing its subject');
    }
    return { userId: payload.sub, walletAddress: payload.addr as `0x${string}` };
  } catch (error) {
    if (error instanceof BaseError) throw error;
    if (error instanceof errors.JWTExpired) {
      throw new BaseError('token_expired', 'Access token expired; refresh it', { cause: error });
    }
    throw new BaseError('invalid_token', 'Access token is invalid', { cause: error });
  }
}
