import { privateKeyToAddress } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { decryptKeystore, KeystoreError } from './decryptKeystore.js';
import { encryptKeystore } from './encryptKeystore.js';

// The PBKDF2 test vector of the Web3 Secret Storage Definition (password "testpassword").
const pbkdf2Vector = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
    ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
    kdf: 'pbkdf2',
    kdfparams: {
      c: 262144,
      dklen: 32,
      prf: 'hmac-sha256',
      salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd',
    },
    mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
};

describe('decryptKeystore', () => {
  it('opens the Web3 Secret Storage PBKDF2 test vector', async () => {
    expect(await decryptKeystore(pbkdf2Vector, 'testpassword')).toBe(
      '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d',
    );
  });

  it('round-trips a scrypt keystore written by encryptKeystore', async () => {
    const key = `0x${'42'.repeat(32)}` as const;
    const keystore = await encryptKeystore(key, 'hunter2', { n: 1024 });
    expect(keystore.address).toBe(privateKeyToAddress(key).slice(2).toLowerCase());
    expect(await decryptKeystore(JSON.stringify(keystore), 'hunter2')).toBe(key);
  });

  it('opens an old geth file: Crypto instead of crypto, 0x-prefixed upper-case hex', async () => {
    const upper = (hex: string) => `0x${hex.toUpperCase()}`;
    const { crypto } = pbkdf2Vector;
    const legacy = {
      version: 3,
      Crypto: {
        ...crypto,
        cipherparams: { iv: upper(crypto.cipherparams.iv) },
        ciphertext: upper(crypto.ciphertext),
        kdfparams: { ...crypto.kdfparams, salt: upper(crypto.kdfparams.salt) },
        mac: upper(crypto.mac),
      },
    };
    expect(await decryptKeystore(legacy, 'testpassword')).toBe(
      '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d',
    );
  });

  it('refuses a wrong password with code wrong_password', async () => {
    const keystore = await encryptKeystore(`0x${'42'.repeat(32)}`, 'right', { n: 1024 });
    await expect(decryptKeystore(keystore, 'wrong')).rejects.toMatchObject({ code: 'wrong_password' });
  });

  it('refuses files that are not V3 keystores with code invalid_keystore', async () => {
    await expect(decryptKeystore('not json', 'x')).rejects.toBeInstanceOf(KeystoreError);
    await expect(decryptKeystore({ version: 1 }, 'x')).rejects.toMatchObject({ code: 'invalid_keystore' });
    const shortKey = { ...pbkdf2Vector, crypto: { ...pbkdf2Vector.crypto, ciphertext: 'abcd' } };
    await expect(decryptKeystore(shortKey, 'testpassword')).rejects.toMatchObject({
      code: 'invalid_keystore',
    });
    const costly = {
      ...pbkdf2Vector,
      crypto: { ...pbkdf2Vector.crypto, kdfparams: { ...pbkdf2Vector.crypto.kdfparams, c: 10 ** 9 } },
    };
    await expect(decryptKeystore(costly, 'testpassword')).rejects.toMatchObject({ code: 'invalid_keystore' });
    const badCipher = { ...pbkdf2Vector, crypto: { ...pbkdf2Vector.crypto, cipher: 'aes-256-cbc' } };
    await expect(decryptKeystore(badCipher, 'testpassword')).rejects.toMatchObject({
      code: 'invalid_keystore',
    });
  });
});
