/**
 * The SHA-256 of some bytes as lowercase hex, computed in the browser with WebCrypto.
 * @example
 * await sha256Hex(new TextEncoder().encode('abc')); // 'ba7816bf…'
 */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export type Verification = { matches: boolean; actual: string; expected: string; bytes: Uint8Array };

/**
 * Downloads a build and checks it against the hash the studio published on chain: a file
 * swapped anywhere between the studio and the player (storage, a mirror, the network) fails.
 * @param url - the signed download URL
 * @param onChainHash - `buildHash(gameId, platform)` read from GameLicenses, `0x…` or bare hex
 * @returns whether the downloaded bytes match, both hashes and the bytes
 */
export async function verifyDownload(
  url: string,
  onChainHash: string,
  fetchBytes = fetch,
): Promise<Verification> {
  const response = await fetchBytes(url);
  if (!response.ok) throw new Error(`The download was refused (${response.status}).`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const actual = await sha256Hex(bytes);
  const expected = onChainHash.replace(/^0x/, '').toLowerCase();
  return { matches: actual === expected, actual, expected, bytes };
}
