import { createCipheriv, randomBytes, randomUUID, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { hexToBytes, keccak256 } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Uint8Array,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * Writes a private key as an Ethereum V3 keystore (scrypt, AES-128-CTR), readable by
 * `decryptKeystore`, geth and other wallets.
 *
 * @param privateKey - 32-byte key, 0x-hex.
 * @param password - the password to protect it with.
 * @param options - scrypt cost `n` (default 2^17, geth's "standard"; lower only in tests).
 * @returns the keystore object (serialise with JSON.stringify).
 */
export async function encryptKeystore(
  privateKey: `0x${string}`,
  password: string,
  options: { n?: number } = {},
): Promise<Record<string, unknown>> {
  const n = options.n ?? 2 ** 17;
  const r = 8;
  const p = 1;
  const salt = randomBytes(32);
  const iv = randomBytes(16);
  const derived = await scryptAsync(password, salt, 32, {
    N: n,
    r,
    p,
    maxmem: 256 * n * r + 64 * 1024 * 1024,
  });
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
  const ciphertext = Buffer.concat([cipher.update(hexToBytes(privateKey)), cipher.final()]);
  const mac = keccak256(new Uint8Array([...derived.subarray(16, 32), ...ciphertext]));
  return {
    version: 3,
    id: randomUUID(),
    address: privateKeyToAddress(privateKey).slice(2).toLowerCase(),
    crypto: {
      cipher: 'aes-128-ctr',
      cipherparams: { iv: iv.toString('hex') },
      ciphertext: ciphertext.toString('hex'),
      kdf: 'scrypt',
      kdfparams: { dklen: 32, salt: salt.toString('hex'), n, r, p },
      mac: mac.slice(2),
    },
  };
}
