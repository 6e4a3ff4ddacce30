import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { privateKeyToAddress } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { encryptKeystore } from './encryptKeystore.js';
import { loadNodeId } from './loadNodeId.js';
import { loadWalletAccount } from './loadWalletAccount.js';

const key = `0x${'ab'.repeat(32)}` as const;

describe('loadWalletAccount', () => {
  it('accepts a hex key with or without 0x', async () => {
    expect((await loadWalletAccount(key)).address).toBe(privateKeyToAddress(key));
    expect((await loadWalletAccount(key.slice(2))).address).toBe(privateKeyToAddress(key));
  });

  it('opens a keystore file with its password', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'far-node-'));
    const file = join(dir, 'owner.json');
    await writeFile(file, JSON.stringify(await encryptKeystore(key, 'pw', { n: 1024 })));
    expect((await loadWalletAccount(file, 'pw')).address).toBe(privateKeyToAddress(key));
    await expect(loadWalletAccount(file)).rejects.toThrow(/--password or FAR_NODE_PASSWORD/);
  });

  it('explains what --wallet-key must be when it is neither', async () => {
    await expect(loadWalletAccount('/nonexistent/owner.json')).rejects.toThrow(/64-hex-digit private key/);
  });
});

describe('loadNodeId', () => {
  it('creates an id once and returns the same one afterwards', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'far-node-state-'));
    const first = await loadNodeId(join(dir, 'state'));
    expect(first).toMatch(/^node-[0-9a-f]{12}$/);
    expect(await loadNodeId(join(dir, 'state'))).toBe(first);
  });
});
