import { readFile } from 'node:fs/promises';
import type { PrivateKeyAccount } from 'viem/accounts';
import { privateKeyToAccount } from 'viem/accounts';
import { decryptKeystore, KeystoreError } from './decryptKeystore.js';

/**
 * The owner wallet from `--wallet-key`: a 32-byte hex private key (with or without 0x), or the
 * path of a V3 keystore JSON file opened with `password`.
 *
 * @param walletKey - hex key or keystore path.
 * @param password - keystore password (required for a keystore).
 * @returns a viem account that signs locally; the key never leaves the process.
 * @throws KeystoreError with a message fit for the terminal.
 */
export async function loadWalletAccount(walletKey: string, password?: string): Promise<PrivateKeyAccount> {
  const trimmed = walletKey.trim();
  if (/^(0x)?[0-9a-fA-F]{64}$/.test(trimmed)) {
    return privateKeyToAccount((trimmed.startsWith('0x') ? trimmed : `0x${trimmed}`) as `0x${string}`);
  }
  let text: string;
  try {
    text = await readFile(trimmed, 'utf8');
  } catch {
    throw new KeystoreError(
      'invalid_keystore',
      '--wallet-key is neither a 64-hex-digit private key nor a readable keystore file',
    );
  }
  if (password === undefined) {
    throw new KeystoreError('invalid_keystore', 'a keystore needs --password or FAR_NODE_PASSWORD');
  }
  return privateKeyToAccount(await decryptKeystore(text, password));
}
