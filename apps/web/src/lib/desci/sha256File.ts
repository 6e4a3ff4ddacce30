import type { Hex } from 'viem';

/**
 * The SHA-256 of a file's bytes, computed in the browser with WebCrypto: the file never leaves the
 * device. It is the hash the PublicationRegistry anchors and ResearchEscrow's deliverables carry.
 * @param file - a file the user picked (any Blob)
 * @returns the 0x-prefixed 32-byte digest
 * @example
 * const hash = await sha256File(input.files[0]);
 */
export async function sha256File(file: Blob): Promise<Hex> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
  return `0x${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
