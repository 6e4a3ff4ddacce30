import { createDecipheriv, pbkdf2, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { bytesToHex, hexToBytes, keccak256 } from 'viem';
import { z } from 'zod';

const hex = z.string().regex(/^(0x)?[0-9a-fA-F]*$/, 'expected hex');

const KeystoreSchema = z.looseObject({
  version: z.literal(3),
  crypto: z.looseObject({
    cipher: z.literal('aes-128-ctr'),
    cipherparams: z.looseObject({ iv: hex }),
    ciphertext: hex,
    kdf: z.enum(['scrypt', 'pbkdf2']),
    kdfparams: z.unknown(),
    mac: hex,
  }),
});

const ScryptParamsSchema = z.looseObject({
  dklen: z.int().min(32).max(64),
  salt: hex,
  n: z
    .int()
    .min(2)
    .max(2 ** 22),
  r: z.int().min(1).max(64),
  p: z.int().min(1).max(64),
});

const Pbkdf2ParamsSchema = z.looseObject({
  dklen: z.int().min(32).max(64),
  salt: hex,
  c: z.int().min(1).max(10_000_000),
  prf: z.literal('hmac-sha256'),
});

/** Why a keystore could not be opened; `code` is stable for callers. */
export class KeystoreError extends Error {
  override name = 'KeystoreError';
  constructor(
    readonly code: 'invalid_keystore' | 'wrong_password',
    message: string,
  ) {
    super(message);
  }
}

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Uint8Array,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;
const pbkdf2Async = promisify(pbkdf2);

const bytes = (value: string): Uint8Array =>
  hexToBytes(value.startsWith('0x') ? (value as `0x${string}`) : `0x${value}`);

/**
 * Opens an Ethereum V3 keystore (Web3 Secret Storage: scrypt or PBKDF2, AES-128-CTR, keccak MAC),
 * the JSON that geth, MetaMask exports and `cast wallet` write.
 *
 * @param json - the keystore file's contents (parsed or as text).
 * @param password - its password.
 * @returns the 32-byte private key as 0x-hex.
 * @throws KeystoreError `invalid_keystore` for an unsupported or malformed file, `wrong_password` when the MAC fails.
 */
export async function decryptKeystore(json: unknown, password: string): Promise<`0x${string}`> {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new KeystoreError('invalid_keystore', 'keystore is not JSON');
    }
  }
  // geth wrote `Crypto` in old files; the spec says `crypto`.
  if (value && typeof value === 'object' && 'Crypto' in value && !('crypto' in value)) {
    value = { ...value, crypto: (value as { Crypto: unknown }).Crypto };
  }
  const parsed = KeystoreSchema.safeParse(value);
  const kdfParams = parsed.success
    ? (parsed.data.crypto.kdf === 'scrypt' ? ScryptParamsSchema : Pbkdf2ParamsSchema).safeParse(
        parsed.data.crypto.kdfparams,
      )
    : undefined;
  if (!parsed.success || !kdfParams?.success) {
    const issue = (parsed.success ? kdfParams?.error : parsed.error)?.issues[0];
    throw new KeystoreError(
      'invalid_keystore',
      `unsupported keystore (${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}); expected a V3 keystore with aes-128-ctr and scrypt or pbkdf2`,
    );
  }
  const { crypto } = parsed.data;
  const scryptParams = ScryptParamsSchema.safeParse(crypto.kdfparams);
  const pbkdf2Params = Pbkdf2ParamsSchema.safeParse(crypto.kdfparams);
  let derived: Buffer;
  if (crypto.kdf === 'scrypt' && scryptParams.success) {
    const { n, r, p, dklen, salt } = scryptParams.data;
    derived = await scryptAsync(password, bytes(salt), dklen, {
      N: n,
      r,
      p,
      maxmem: 256 * n * r + 64 * 1024 * 1024,
    });
  } else if (pbkdf2Params.success) {
    const { c, dklen, salt } = pbkdf2Params.data;
    derived = await pbkdf2Async(password, bytes(salt), c, dklen, 'sha256');
  } else throw new KeystoreError('invalid_keystore', 'unsupported keystore kdfparams');
  const ciphertext = bytes(crypto.ciphertext);
  const mac = keccak256(new Uint8Array([...derived.subarray(16, 32), ...ciphertext]));
  if (mac.slice(2).toLowerCase() !== crypto.mac.replace(/^0x/, '').toLowerCase()) {
    throw new KeystoreError('wrong_password', 'wrong keystore password (MAC mismatch)');
  }
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), bytes(crypto.cipherparams.iv));
  const key = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  if (key.length !== 32)
    throw new KeystoreError('invalid_keystore', `keystore holds a ${key.length}-byte key, expected 32`);
  return bytesToHex(key);
}
