import { Wallet } from '@ethereumjs/wallet';
import { bytesToHex } from 'viem';
import { z } from 'zod';

/** Hex as keystores write it (with or without 0x, any case), read as lower-case digits without 0x. */
const hex = z
  .string()
  .regex(/^(0x)?[0-9a-fA-F]*$/, 'expected hex')
  .transform((value) => value.replace(/^0x/, '').toLowerCase());

const KeystoreSchema = z.looseObject({
  version: z.literal(3),
  crypto: z.looseObject({
    cipher: z.literal('aes-128-ctr'),
    cipherparams: z.looseObject({ iv: hex }),
    // AES-CTR keeps the length: a 32-byte private key is 64 hex digits.
    ciphertext: hex.refine((value) => value.length === 64, 'expected a 32-byte encrypted key'),
    kdf: z.enum(['scrypt', 'pbkdf2']),
    kdfparams: z.unknown(),
    mac: hex,
  }),
});

// Bounds keep a hostile file from making the key derivation take minutes or gigabytes.
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

/**
 * Opens an Ethereum V3 keystore (Web3 Secret Storage: scrypt or PBKDF2, AES-128-CTR, keccak MAC),
 * the JSON that geth, MetaMask exports and `cast wallet` write. The file is checked here (shape,
 * bounded key-derivation cost); `@ethereumjs/wallet` derives the key, checks the MAC and decrypts.
 *
 * @param json - the keystore file's contents (parsed or as text).
 * @param password - its password.
 * @returns the 32-byte private key as 0x-hex.
 * @throws KeystoreError `invalid_keystore` for an unsupported or malformed file, `wrong_password` when the MAC fails.
 * @example
 * const key = await decryptKeystore(await readFile('owner.json', 'utf8'), password);
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
  let wallet: Wallet;
  try {
    // The normalised file: the library compares hex as lower case without 0x.
    wallet = await Wallet.fromV3(
      { version: 3, id: '', crypto: { ...crypto, kdfparams: kdfParams.data } },
      password,
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/wrong passphrase/i.test(message)) {
      throw new KeystoreError('wrong_password', 'wrong keystore password (MAC mismatch)');
    }
    throw new KeystoreError('invalid_keystore', `keystore could not be opened: ${message}`);
  }
  return bytesToHex(wallet.getPrivateKey());
}
