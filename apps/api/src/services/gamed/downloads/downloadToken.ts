import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** How long a download URL works: long enough to start a download, too short to share it around. */
export const DOWNLOAD_URL_TTL_SECONDS = 5 * 60;

const DownloadClaimsSchema = z.object({
  /** The upload (build file) to serve. */
  uploadId: z.uuid(),
  pageId: z.uuid(),
  /** The licence holder it was issued to, lowercase; checked again at download time. */
  wallet: z.string().regex(/^0x[0-9a-f]{40}$/),
  /** Unix seconds after which the URL is refused. */
  expiresAt: z.number().int().positive(),
});

export type DownloadClaims = z.infer<typeof DownloadClaimsSchema>;

const sign = (secret: Uint8Array, payload: string) => createHmac('sha256', secret).update(payload).digest();

/**
 * Signs what a download URL grants: `<payload>.<HMAC-SHA256>`, both base64url.
 *
 * @example
 * const token = signDownloadToken(secret, { uploadId, pageId, wallet, expiresAt: now + 300 });
 */
export function signDownloadToken(secret: Uint8Array, claims: DownloadClaims): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(secret, payload).toString('base64url')}`;
}

/**
 * The claims of a download token if its signature holds and it has not expired; undefined
 * otherwise (a tampered, truncated, foreign or expired token reads the same to the client).
 *
 * @param nowSeconds - the current time in Unix seconds.
 */
export function verifyDownloadToken(
  secret: Uint8Array,
  token: string,
  nowSeconds: number,
): DownloadClaims | undefined {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return undefined;
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const claims = DownloadClaimsSchema.safeParse(decoded);
  if (!claims.success || claims.data.expiresAt <= nowSeconds) return undefined;
  return claims.data;
}

/**
 * The key download URLs are signed with: GAMED_DOWNLOAD_SECRET, or one derived from the JWT
 * signing key (a separate key, so a download token can never pass as a session and back).
 */
export function downloadSecret(configured: string | undefined, jwtSecret: Uint8Array): Uint8Array {
  if (configured) return new TextEncoder().encode(configured);
  return createHmac('sha256', jwtSecret).update('far-gamed-download-url').digest();
}
