import { describe, expect, it } from 'vitest';
import { downloadSecret, signDownloadToken, verifyDownloadToken } from './downloadToken.js';

const secret = downloadSecret(undefined, new TextEncoder().encode('jwt-secret-jwt-secret-jwt-secret!!'));
const claims = {
  uploadId: '7c1d3c2e-6f7e-4f55-9d7d-0d8f3b1b2a10',
  pageId: '0f0b7d4e-1c1a-4e6b-8d2e-5a4c3b2a1f00',
  wallet: '0x90f79bf6eb2c4f870365e785982e1f101e93b906',
  expiresAt: 1_000,
};

describe('download tokens', () => {
  it('verify before they expire, not after', () => {
    const token = signDownloadToken(secret, claims);
    expect(verifyDownloadToken(secret, token, 999)).toEqual(claims);
    expect(verifyDownloadToken(secret, token, 1_000)).toBeUndefined();
  });

  it('refuse a payload edited to another wallet or a later expiry', () => {
    const [, signature] = signDownloadToken(secret, claims).split('.');
    for (const edit of [{ wallet: `0x${'1'.repeat(40)}` }, { expiresAt: 9_999 }]) {
      const payload = Buffer.from(JSON.stringify({ ...claims, ...edit })).toString('base64url');
      expect(verifyDownloadToken(secret, `${payload}.${signature}`, 0)).toBeUndefined();
    }
  });

  it('refuse a token signed with another key, and garbage', () => {
    const other = downloadSecret('another-secret-another-secret-another', new Uint8Array());
    expect(verifyDownloadToken(secret, signDownloadToken(other, claims), 0)).toBeUndefined();
    for (const garbage of ['', 'a', 'a.b', 'a.b.c', '..'])
      expect(verifyDownloadToken(secret, garbage, 0)).toBeUndefined();
  });
});
