import { Wallet } from '@ethereumjs/wallet';
import { hexToBytes } from 'viem';

/**
 * Writes a private key as an Ethereum V3 keystore (scrypt, AES-128-CTR) with `@ethereumjs/wallet`,
 * readable by `decryptKeystore`, geth and other wallets.
 *
 * @param privateKey - 32-byte key, 0x-hex.
 * @param password - the password to protect it with.
 * @param options - scrypt cost `n` (default 2^17, geth's "standard"; lower only in tests).
 * @returns the keystore object (serialise with JSON.stringify).
 * @example
 * await writeFile('owner.json', JSON.stringify(await encryptKeystore(key, password)));
 */
export async function encryptKeystore(
  privateKey: `0x${string}`,
  password: string,
  options: { n?: number } = {},
): Promise<Record<string, unknown>> {
  const keystore = await new Wallet(hexToBytes(privateKey)).toV3(password, {
    kdf: 'scrypt',
    n: options.n ?? 2 ** 17,
    r: 8,
    p: 1,
    dklen: 32,
  });
  return { ...keystore };
}
