import { farStakingAbi, farTokenAbi, inferencePaymentAbi } from '@far/contracts';
import {
  chainCursors,
  createTestDb,
  ledgerTransactions,
  revenueStreams,
  stakingRecords,
  type TestDbHandle,
  testDrivers,
  userActivity,
  users,
} from '@far/db';
import { eq } from 'drizzle-orm';
import { parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChainNotice } from '../src/indexer/ChainNotice.js';
import { createChainIndexer } from '../src/indexer/createChainIndexer.js';
import { getBalances } from '../src/ledger/getBalances.js';
import { createLogger } from '../src/observability/createLogger.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';

const logger = createLogger('silent');

describe.each(testDrivers())('chain indexer on %s', (driver) => {
  let testDb: TestDbHandle;
  let bed: ChainTestbed;

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    bed = await createChainTestbed();
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const indexer = (bus?: { publish(channel: string, message: unknown): void }) =>
    createChainIndexer({
      db: testDb.db,
      publicClient: bed.publicClient,
      deployments: bed.deployments,
      logger,
      confirmations: 1,
      maxBlockRange: 7,
      ...(bus ? { bus } : {}),
    });

  const userIdOf = async (address: string) => {
    const [row] = await testDb.db.select().from(users).where(eq(users.walletAddress, address.toLowerCase()));
    if (row === undefined) throw new Error(`no user row for ${address}`);
    return row.id;
  };
  const userAt = (index: number) => {
    const address = bed.users[index];
    if (address === undefined) throw new Error(`no dev user ${index}`);
    return address;
  };

  it('credits a deposit to a new user and publishes a balance notice', async () => {
    const user = userAt(0);
    await bed.deposit(user, parseEther('250'));
    const published: ChainNotice['message'][] = [];
    const result = await indexer({
      publish: (_channel, message) => void published.push(message as never),
    }).syncOnce();

    expect(result.applied).toBeGreaterThanOrEqual(1);
    const userId = await userIdOf(user);
    expect(await getBalances(testDb.db, userId)).toEqual({ available: parseEther('250'), reserved: 0n });
    expect(published).toContainEqual(
      expect.objectContaining({
        walletAddress: user.toLowerCase(),
        streamType: 'deposit',
        amountFarWei: parseEther('250').toString(),
      }),
    );
  });

  it('changes nothing when the same block range is applied again', async () => {
    const user = userAt(0);
    const userId = await userIdOf(user);
    const before = await testDb.db.select().from(ledgerTransactions);
    // Rewind the cursor to before the deployment: every event is read and applied a second time.
    await testDb.db
      .update(chainCursors)
      .set({ blockNumber: BigInt(bed.deployments.deployBlock) - 1n, blockHash: null });
    const result = await indexer().syncOnce();

    expect(result.applied).toBeGreaterThanOrEqual(1);
    expect(await testDb.db.select().from(ledgerTransactions)).toHaveLength(before.length);
    expect((await getBalances(testDb.db, userId)).available).toBe(parseEther('250'));
  });

  it('resumes from its cursor after a restart', async () => {
    const user = userAt(1);
    const first = indexer();
    const { cursor } = await first.syncOnce();
    await bed.deposit(user, parseEther('10'));
    await bed.deposit(user, parseEther('5'));

    const restarted = indexer();
    const result = await restarted.syncOnce();
    expect(result.cursor).toBeGreaterThan(cursor);
    expect(result.applied).toBe(2);
    expect((await getBalances(testDb.db, await userIdOf(user))).available).toBe(parseEther('15'));
  });

  it('debits an on-chain withdrawal', async () => {
    const user = userAt(1);
    await bed.send(user, {
      address: bed.deployments.contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'withdraw',
      args: [parseEther('4')],
    });
    await indexer().syncOnce();
    expect((await getBalances(testDb.db, await userIdOf(user))).available).toBe(parseEther('11'));
  });

  it("records each deposit and withdrawal in the user's activity once, even when the range is read again", async () => {
    const user = userAt(1);
    const userId = await userIdOf(user);
    const activity = () => testDb.db.select().from(userActivity).where(eq(userActivity.userId, userId));
    const recorded = await activity();
    // Blocks mined in the same second share a time: compare without the order.
    expect(recorded.map((row) => `${row.type} ${row.detail.amountWei}`).sort()).toEqual([
      `deposit ${parseEther('10')}`,
      `deposit ${parseEther('5')}`,
      `withdrawal ${parseEther('4')}`,
    ]);
    for (const row of recorded) expect(row.detail.txHash).toMatch(/^0x[0-9a-f]{64}$/);
    await testDb.db
      .update(chainCursors)
      .set({ blockNumber: BigInt(bed.deployments.deployBlock) - 1n, blockHash: null });
    await indexer().syncOnce();
    expect(await activity()).toHaveLength(3);
  });

  it('records stakes, unstakes and reward claims', async () => {
    const user = userAt(2);
    const staking = bed.deployments.contracts.farStaking;
    await bed.send(user, {
      address: bed.deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'approve',
      args: [staking, parseEther('300')],
    });
    await bed.send(user, {
      address: staking,
      abi: farStakingAbi,
      functionName: 'stake',
      args: [parseEther('200'), 0],
    });
    await bed.send(user, {
      address: staking,
      abi: farStakingAbi,
      functionName: 'stake',
      args: [parseEther('100'), 2],
    });
    // Fund the base APY so there is something to claim.
    await bed.send(bed.coordinator, {
      address: bed.deployments.contracts.farToken,
      abi: farTokenAbi,
      functionName: 'approve',
      args: [staking, parseEther('1000')],
    });
    await bed.send(bed.coordinator, {
      address: staking,
      abi: farStakingAbi,
      functionName: 'fundReserve',
      args: [parseEther('1000')],
    });
    await bed.chain.increaseTime(30 * 24 * 3600);
    await bed.send(user, {
      address: staking,
      abi: farStakingAbi,
      functionName: 'unstake',
      args: [0n, parseEther('50')],
    });
    await bed.send(user, { address: staking, abi: farStakingAbi, functionName: 'claimRewards', args: [] });
    await indexer().syncOnce();

    const userId = await userIdOf(user);
    const records = await testDb.db
      .select()
      .from(stakingRecords)
      .where(eq(stakingRecords.userId, userId))
      .orderBy(stakingRecords.lockTier);
    expect(records.map((r) => [r.lockTier, r.lockPeriodDays, r.amountWei, r.status])).toEqual([
      [0, 0, parseEther('150'), 'unlocked'],
      [2, 90, parseEther('100'), 'active'],
    ]);
    expect(records[1]?.apyAtStake).toBe(1.25);
    const claims = await testDb.db.select().from(revenueStreams).where(eq(revenueStreams.userId, userId));
    expect(claims).toHaveLength(1);
    expect(claims[0]?.streamType).toBe('staking_rewards');
    expect(claims[0]?.amountFarWei).toBeGreaterThan(0n);

    await bed.send(user, {
      address: staking,
      abi: farStakingAbi,
      functionName: 'unstake',
      args: [0n, parseEther('150')],
    });
    await indexer().syncOnce();
    const [withdrawn] = await testDb.db.select().from(stakingRecords).where(eq(stakingRecords.lockTier, 0));
    expect(withdrawn?.status).toBe('withdrawn');
    expect(withdrawn?.withdrawnAt).toBeInstanceOf(Date);
  });

  it('shows a deposit in the ledger by itself once started', async () => {
    const user = userAt(3);
    const running = createChainIndexer({
      db: testDb.db,
      publicClient: bed.publicClient,
      deployments: bed.deployments,
      logger,
      pollIntervalMs: 50,
    });
    running.start();
    try {
      await bed.deposit(user, parseEther('7'));
      await vi.waitFor(
        async () =>
          expect((await getBalances(testDb.db, await userIdOf(user))).available).toBe(parseEther('7')),
        { timeout: 60_000, interval: 50 },
      );
    } finally {
      await running.stop();
    }
  });
});
