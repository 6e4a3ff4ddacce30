import { inferencePaymentAbi, splitRevenue } from '@far/contracts';
import { createTestDb, gpuNodes, type TestDbHandle, testDrivers } from '@far/db';
import { eq } from 'drizzle-orm';
import { type Address, parseEther } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertUser } from '../src/auth/upsertUser.js';
import { createChainIndexer } from '../src/indexer/createChainIndexer.js';
import { reserve } from '../src/ledger/reserve.js';
import { settleReservation } from '../src/ledger/settleReservation.js';
import { createLogger } from '../src/observability/createLogger.js';
import { createSettlementBatcher } from '../src/settlement/createSettlementBatcher.js';
import { type PublishedRating, publishNodeRatings } from '../src/settlement/publishNodeRatings.js';
import { storeSpendingAuthorization } from '../src/spendingAuthorization/storeSpendingAuthorization.js';
import { type ChainTestbed, createChainTestbed } from './support/createChainTestbed.js';

const logger = createLogger('silent');

describe.each(testDrivers())('on-chain node ratings per settlement epoch on %s', (driver) => {
  let testDb: TestDbHandle;
  let bed: ChainTestbed;
  let owner: Address;
  let nodeRowId: string;
  const published: PublishedRating[][] = [];

  beforeAll(async () => {
    testDb = await createTestDb({ driver });
    bed = await createChainTestbed();
    owner = bed.users[9] as Address;
    await upsertUser(testDb.db, owner);
    // Two nodes of one owner (one payout address): the chain gets their mean score.
    const [row] = await testDb.db
      .insert(gpuNodes)
      .values([
        {
          nodeId: `rated-a-${driver}`,
          ownerAddress: owner.toLowerCase(),
          reliabilityScore: 96,
          status: 'online',
        },
        {
          nodeId: `rated-b-${driver}`,
          ownerAddress: owner.toLowerCase(),
          reliabilityScore: 89,
          status: 'online',
        },
      ])
      .returning();
    if (!row) throw new Error('no node row');
    nodeRowId = row.id;
  });
  afterAll(async () => {
    await testDb?.close();
  });

  const rating = async () => {
    const [, , , reliability] = await bed.publicClient.readContract({
      address: bed.deployments.contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'nodes',
      args: [owner],
    });
    return reliability;
  };
  const batcher = () =>
    createSettlementBatcher({
      db: testDb.db,
      publicClient: bed.publicClient,
      walletClient: bed.coordinatorWallet,
      deployments: bed.deployments,
      logger,
      onEpoch: async () => {
        published.push(
          await publishNodeRatings(
            testDb.db,
            { publicClient: bed.publicClient, walletClient: bed.coordinatorWallet },
            bed.deployments,
            logger,
          ),
        );
      },
    });

  let charges = 0;
  async function chargeUser(userId: string, actual: bigint) {
    charges += 1;
    const { reservationId } = await reserve(testDb.db, {
      userId,
      amount: actual,
      idempotencyKey: `rating:${driver}:${charges}:reserve`,
    });
    await settleReservation(testDb.db, {
      reservationId,
      actual,
      split: { nodeId: nodeRowId, ...splitRevenue(actual, 90) },
      idempotencyKey: `rating:${driver}:${charges}:settle`,
    });
  }

  it('sets the payout address rating to its nodes’ rounded mean score after a batch lands, and only when it changed', async () => {
    const user = bed.users[0] as Address;
    await bed.deposit(user, parseEther('10'));
    await createChainIndexer({
      db: testDb.db,
      publicClient: bed.publicClient,
      deployments: bed.deployments,
      logger,
    }).syncOnce();
    const row = await upsertUser(testDb.db, user);
    const expiry = (await bed.chain.latestTimestamp()) + 365n * 24n * 3600n;
    await storeSpendingAuthorization(testDb.db, bed.publicClient, bed.deployments, {
      userId: row.id,
      walletAddress: user,
      cap: parseEther('10'),
      expiry,
      nonce: 1n,
      signature: await bed.signAuthorization(user, parseEther('10'), expiry, 1n),
    });

    await chargeUser(row.id, parseEther('1'));
    expect((await batcher().settleOnce()).status).toBe('settled');
    // Registered by the batch at 80, then rated round((96 + 89) / 2) = 93 in the same run.
    expect(await rating()).toBe(93);
    expect(published.at(-1)?.map((p) => [p.from, p.to])).toEqual([[80, 93]]);

    // Nothing to settle: no epoch, no rating transaction.
    await testDb.db
      .update(gpuNodes)
      .set({ reliabilityScore: 70 })
      .where(eq(gpuNodes.nodeId, `rated-a-${driver}`));
    expect((await batcher().settleOnce()).status).toBe('idle');
    expect(await rating()).toBe(93);

    // The next epoch carries the drop; an unchanged score sends nothing.
    await chargeUser(row.id, parseEther('1'));
    expect((await batcher().settleOnce()).status).toBe('settled');
    expect(await rating()).toBe(80); // round((70 + 89) / 2) = round(79.5)
    await chargeUser(row.id, parseEther('1'));
    expect((await batcher().settleOnce()).status).toBe('settled');
    expect(published.at(-1)).toEqual([]);
  });
});
