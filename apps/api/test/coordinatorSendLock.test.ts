import { createInProcessChain, type InProcessChain } from '@far/contracts/testing';
import { createDb, type DbHandle } from '@far/db';
import { createTestDb, type TestDbHandle, testDrivers } from '@far/db/testing';
import { type Address, type Hex, parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoordinatorSendLock } from '../src/chain/createCoordinatorSendLock.js';
import { type CoordinatorWallet, createCoordinatorWallet } from '../src/chain/createCoordinatorWallet.js';
import { type ChainRpcServer, serveChainRpc } from './support/serveChainRpc.js';

// Each wallet stands for one process sending from the coordinator's key: an `api` replica's
// spending-authorization route and the leading worker's settlement batcher, say.
const SENDS_PER_WALLET = 6;

let chain: InProcessChain;
let rpc: ChainRpcServer;
const recipient = '0x000000000000000000000000000000000000dEaD' as Address;

beforeAll(async () => {
  chain = await createInProcessChain();
  rpc = await serveChainRpc(chain.provider);
});
afterAll(async () => {
  await rpc?.close();
});

/** A fresh coordinator key holding 10 ETH, so each suite starts at nonce 0. */
async function fundedKey(): Promise<Hex> {
  const key = generatePrivateKey();
  const hash = await chain.walletFor(chain.accounts[0] as Address).sendTransaction({
    to: privateKeyToAddress(key),
    value: parseEther('10'),
  });
  await chain.publicClient.waitForTransactionReceipt({ hash });
  return key;
}

const walletOf = (key: Hex, database: Pick<DbHandle, 'db' | 'kind'>) => {
  const chainId = chain.publicClient.chain.id;
  const wallet = createCoordinatorWallet(
    { COORDINATOR_PRIVATE_KEY: key, CHAIN_ID: chainId, CHAIN_RPC_URL: rpc.url },
    createCoordinatorSendLock(database),
  );
  if (!wallet) throw new Error('a key was given');
  return wallet;
};

/** Every wallet sends its transfers at once; returns the mined transactions' nonces. */
async function sendAtOnce(wallets: CoordinatorWallet[]): Promise<number[]> {
  const hashes = await Promise.all(
    wallets.flatMap((wallet) =>
      Array.from({ length: SENDS_PER_WALLET }, () =>
        wallet.sendTransaction({ to: recipient, value: 1n, chain: wallet.chain }),
      ),
    ),
  );
  const mined = await Promise.all(
    hashes.map(async (hash) => {
      const receipt = await chain.publicClient.waitForTransactionReceipt({ hash });
      expect(receipt.status).toBe('success');
      return (await chain.publicClient.getTransaction({ hash })).nonce;
    }),
  );
  return mined.sort((a, b) => a - b);
}

describe.each(testDrivers())('coordinator key senders on %s', (driver) => {
  let testDb: TestDbHandle;
  const others: DbHandle[] = [];
  beforeAll(async () => {
    testDb = await createTestDb({ driver });
  });
  afterAll(async () => {
    await Promise.all(others.map((handle) => handle.close()));
    await testDb?.close();
  });

  /**
   * On Postgres each wallet gets its own connection pool, as separate processes would; PGlite is
   * one process by definition, so there its senders share the process's database.
   */
  const processDatabase = async (): Promise<Pick<DbHandle, 'db' | 'kind'>> => {
    if (driver === 'pglite' || !testDb.url) return testDb;
    const handle = await createDb({ url: testDb.url, maxConnections: 2 });
    others.push(handle);
    return handle;
  };

  it('two wallets on one key sending at the same time get consecutive nonces and all land', async () => {
    const key = await fundedKey();
    const wallets = [walletOf(key, await processDatabase()), walletOf(key, await processDatabase())];

    const nonces = await sendAtOnce(wallets);

    expect(nonces).toEqual(Array.from({ length: 2 * SENDS_PER_WALLET }, (_, i) => i));
    expect(await chain.publicClient.getTransactionCount({ address: privateKeyToAddress(key) })).toBe(
      2 * SENDS_PER_WALLET,
    );
  });

  it('a send the chain refuses takes no nonce and does not block the next ones', async () => {
    const key = await fundedKey();
    const wallets = [walletOf(key, await processDatabase()), walletOf(key, await processDatabase())];
    const [first] = wallets as [CoordinatorWallet, CoordinatorWallet];

    await expect(
      first.sendTransaction({ to: recipient, value: parseEther('1000'), chain: first.chain }),
    ).rejects.toThrow();
    const nonces = await sendAtOnce(wallets);

    expect(nonces).toEqual(Array.from({ length: 2 * SENDS_PER_WALLET }, (_, i) => i));
  });
});
