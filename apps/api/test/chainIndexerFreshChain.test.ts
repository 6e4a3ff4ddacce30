import { farTokenAbi, inferencePaymentAbi } from '@far/contracts';
import { createInProcessChain, type InProcessChain } from '@far/contracts/testing';
import {
  chainCursors,
  createTestDb,
  ledgerTransactions,
  type TestDbHandle,
  testDrivers,
  users,
} from '@far/db';
import { eq } from 'drizzle-orm';
import { type Address, parseEther, parseGwei } from 'viem';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChainIndexer } from '../src/indexer/createChainIndexer.js';
import { getBalances } from '../src/ledger/getBalances.js';
import { createLogger } from '../src/observability/createLogger.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';

const logger = createLogger('silent');

// A database that outlives its chain: a fresh Hardhat chain deploys the contracts at the same
// addresses and replays the same transactions (same sender, nonce and fees: the same hashes), so
// only the blocks' hashes tell the two histories apart.
describe.each(testDrivers())('chain indexer on a fresh chain on %s', (driver) => {
  let chain: InProcessChain;
  let testDb: TestDbHandle | undefined;
  // Each fresh chain starts a day after the last one, so no two histories share a block.
  let clock = BigInt(Math.floor(Date.now() / 1000));

  beforeAll(async () => {
    chain = await createInProcessChain();
  });
  afterEach(async () => {
    await testDb?.close();
    testDb = undefined;
  });

  /** Throws the in-process chain away and deploys the contracts again on a new one. */
  const freshChain = async (): Promise<ChainTestbed> => {
    // viem's `reset` always sends a fork config, which Hardhat refuses without a URL.
    await chain.provider.request({ method: 'hardhat_reset', params: [] } as never);
    clock += 86_400n;
    await chain.setNextBlockTimestamp(clock);
    return createChainTestbed(chain);
  };
  const openDb = async () => {
    testDb = await createTestDb({ driver });
    return testDb.db;
  };
  const indexer = (bed: ChainTestbed, db: TestDbHandle['db']) =>
    createChainIndexer({
      db,
      publicClient: bed.publicClient,
      deployments: bed.deployments,
      logger,
      confirmations: 1,
      maxBlockRange: 5,
    });
  /** Approve and deposit with fixed gas and fees, so the same deposit has the same hash on every chain. */
  const deposit = async (bed: ChainTestbed, user: Address, amount: bigint) => {
    const fees = { gas: 300_000n, maxFeePerGas: parseGwei('20'), maxPriorityFeePerGas: parseGwei('1') };
    await bed.send(user, {
      address: bed.deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'approve',
      args: [bed.deployments.contracts.inferencePayment, amount],
      ...fees,
    });
    return bed.send(user, {
      address: bed.deployments.contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'deposit',
      args: [amount],
      ...fees,
    });
  };
  const availableOf = async (db: TestDbHandle['db'], address: Address) => {
    const [row] = await db.select().from(users).where(eq(users.walletAddress, address.toLowerCase()));
    if (row === undefined) throw new Error(`no user row for ${address}`);
    return (await getBalances(db, row.id)).available;
  };
  const firstUser = (bed: ChainTestbed) => {
    const user = bed.users[0];
    if (user === undefined) throw new Error('no dev user');
    return user;
  };

  it('credits a deposit on a fresh chain whose head is below the indexed block, though its hash repeats', async () => {
    const db = await openDb();
    const bedA = await freshChain();
    const user = firstUser(bedA);
    const onA = await deposit(bedA, user, parseEther('100'));
    await chain.testClient.mine({ blocks: 10 });
    const indexedA = await indexer(bedA, db).syncOnce();
    expect(await availableOf(db, user)).toBe(parseEther('100'));

    const bedB = await freshChain();
    expect(bedB.deployments.contracts).toEqual(bedA.deployments.contracts);
    const onB = await deposit(bedB, user, parseEther('100'));
    expect(onB.transactionHash).toBe(onA.transactionHash);
    expect(await bedB.publicClient.getBlockNumber({ cacheTime: 0 })).toBeLessThan(indexedA.cursor);

    const result = await indexer(bedB, db).syncOnce();
    expect(result).toMatchObject({ rewound: true, applied: 1 });
    // Chain A's credit is kept (the ledger never drops postings); chain B's deposit is credited too.
    expect(await availableOf(db, user)).toBe(parseEther('200'));
    const deposits = await db.select().from(ledgerTransactions).where(eq(ledgerTransactions.kind, 'deposit'));
    expect(deposits.map((d) => d.metadata.blockHash).sort()).toEqual([onA.blockHash, onB.blockHash].sort());

    // On chain B from now on: a restart applies nothing again, and a replay posts nothing twice.
    expect(await indexer(bedB, db).syncOnce()).toMatchObject({ rewound: false, applied: 0 });
    await db
      .update(chainCursors)
      .set({ blockNumber: BigInt(bedB.deployments.deployBlock) - 1n, blockHash: null });
    expect(await indexer(bedB, db).syncOnce()).toMatchObject({ rewound: false, applied: 1 });
    expect(await availableOf(db, user)).toBe(parseEther('200'));
  });

  it('re-indexes a fresh chain that has grown past the indexed block, from a running indexer', async () => {
    const db = await openDb();
    const bedA = await freshChain();
    const user = firstUser(bedA);
    await deposit(bedA, user, parseEther('5'));
    const running = indexer(bedA, db);
    const indexedA = await running.syncOnce();

    const bedB = await freshChain();
    await deposit(bedB, user, parseEther('30'));
    // Chain B's deposit sits below the indexed block; enough blocks follow to pass it (mined in
    // one call, so Hardhat reserves them and reports zero parent hashes).
    await chain.testClient.mine({ blocks: 20 });
    expect(await bedB.publicClient.getBlockNumber({ cacheTime: 0 })).toBeGreaterThan(indexedA.cursor);

    // The same indexer instance, polling on: the next range does not follow the indexed block.
    const result = await running.syncOnce();
    expect(result).toMatchObject({ rewound: true, applied: 1 });
    expect(await availableOf(db, user)).toBe(parseEther('35'));
  });

  it('keeps the unscoped keys of a cursor written before deployment hashes were kept', async () => {
    const db = await openDb();
    const bed = await freshChain();
    const user = firstUser(bed);
    const onChain = await deposit(bed, user, parseEther('8'));
    const name = `indexer:${bed.deployments.chainId}:${bed.deployments.contracts.inferencePayment.toLowerCase()}`;
    // A cursor row as the indexer wrote it before migration 0004.
    await db.insert(chainCursors).values({ name, blockNumber: BigInt(bed.deployments.deployBlock) - 1n });
    await indexer(bed, db).syncOnce();
    const [posted] = await db.select().from(ledgerTransactions).where(eq(ledgerTransactions.kind, 'deposit'));
    expect(posted?.idempotencyKey).toMatch(new RegExp(`^chain:${onChain.transactionHash}:\\d+$`));
    const [adopted] = await db.select().from(chainCursors);
    expect(adopted).toMatchObject({ idempotencyScope: null });
    expect(adopted?.deployBlockHash).toMatch(/^0x[0-9a-f]{64}$/);

    // A reorg deeper than the confirmations under the same deployment: re-read, posted once.
    await db.update(chainCursors).set({ blockHash: `0x${'ab'.repeat(32)}` });
    expect(await indexer(bed, db).syncOnce()).toMatchObject({ rewound: true, applied: 1 });
    expect(await availableOf(db, user)).toBe(parseEther('8'));
    expect(await db.select().from(ledgerTransactions)).toHaveLength(1);

    // Then a fresh chain: a history of its own, with keys of its own.
    const bedB = await freshChain();
    await deposit(bedB, user, parseEther('8'));
    expect(await indexer(bedB, db).syncOnce()).toMatchObject({ rewound: true, applied: 1 });
    expect(await availableOf(db, user)).toBe(parseEther('16'));
  });
});
