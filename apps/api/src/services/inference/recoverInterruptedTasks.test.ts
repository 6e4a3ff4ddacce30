import { randomUUID } from 'node:crypto';
import {
  fartwinCharges,
  fartwinTwins,
  gpuNodes,
  inferenceTasks,
  ledgerReservations,
  revenueStreams,
} from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerTestNode, createLedgerTestUser } from '../../../test/support/createLedgerTestParties.js';
import { collectUnsettledCharges } from '../../ledger/collectUnsettledCharges.js';
import { creditDeposit } from '../../ledger/creditDeposit.js';
import { getAccountBalance } from '../../ledger/getAccountBalance.js';
import { getBalances } from '../../ledger/getBalances.js';
import { reserve } from '../../ledger/reserve.js';
import { settleReservation } from '../../ledger/settleReservation.js';
import { createLogger } from '../../observability/createLogger.js';
import { createChatRateLimits } from '../fartwin/createChatRateLimits.js';
import { twinChatProvider } from '../fartwin/startTwinChat.js';
import { twinFeeSplit } from '../fartwin/twinFeeSplit.js';
import { createChatModelRegistry } from './ChatModelRegistry.js';
import { surchargeReservationMetadata, surchargeWei } from './InferenceSurcharge.js';
import { tokensCostWei } from './priceTokens.js';
import { recoverInterruptedTasks, TASK_STALE_AFTER_MS } from './recoverInterruptedTasks.js';

const PRICE = 10_000_000n; // $0.10 per FAR, 8 decimals
const logger = createLogger('silent');
let database: TestDbHandle;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(() => database.close());

/** A task as a coordinator leaves it when killed -9 mid-stream: running, reservation open, progress recorded. */
async function interruptedTask(options: {
  delivered: number;
  heartbeatAgoMs: number;
  withNode?: boolean;
  twinFee?: { twinId: string; handle: string; weiPerMillionTokens: bigint };
}) {
  const db = database.db;
  const user = await createLedgerTestUser(db);
  await creditDeposit(db, { userId: user.id, amount: 10n ** 21n, idempotencyKey: `dep:${user.id}` });
  const taskId = randomUUID();
  const nodeId = options.withNode === false ? null : await createLedgerTestNode(db);
  await db.insert(inferenceTasks).values({
    id: taskId,
    taskId,
    userId: user.id,
    modelName: 'far-demo',
    maxTokens: 100,
    promptTokens: 10,
    status: 'running',
    tokensGenerated: options.delivered,
    nodeId,
    heartbeatAt: new Date(Date.now() - options.heartbeatAgoMs),
  });
  const fee = options.twinFee;
  const reservation = await reserve(db, {
    userId: user.id,
    amount: tokensCostWei(110, '0.50', PRICE) + (fee ? surchargeWei(110, fee.weiPerMillionTokens) : 0n),
    idempotencyKey: `task:${taskId}:reserve`,
    // What startInference keeps for a twin chat: enough for recovery to bill the fee.
    metadata: fee
      ? surchargeReservationMetadata({
          weiPerMillionTokens: fee.weiPerMillionTokens,
          split: () => ({ creatorUserId: '', creator: 0n, stakers: 0n, treasury: 0n }),
          record: async () => {},
          recovery: { modelId: `twin:${fee.handle}`, ref: fee.twinId },
        })
      : {},
  });
  await db
    .update(inferenceTasks)
    .set({ reservationId: reservation.reservationId })
    .where(eq(inferenceTasks.id, taskId));
  return { userId: user.id, taskId, reservationId: reservation.reservationId, nodeId };
}

/** A node's recorded earnings: gpu_nodes' total and its owner's revenue rows, which must agree. */
async function nodeEarnings(nodeId: string) {
  const [node] = await database.db.select().from(gpuNodes).where(eq(gpuNodes.id, nodeId));
  const streams = await database.db
    .select()
    .from(revenueStreams)
    .innerJoin(inferenceTasks, eq(inferenceTasks.id, revenueStreams.taskId))
    .where(eq(inferenceTasks.nodeId, nodeId));
  const fromStreams = streams.reduce((sum, r) => sum + (r.revenue_streams.amountFarWei ?? 0n), 0n);
  expect(fromStreams).toBe(node?.totalEarnedWei);
  return node?.totalEarnedWei;
}

describe('recoverInterruptedTasks', () => {
  it('charges exactly the delivered tokens, releases the rest and fails the task with a reason', async () => {
    const t = await interruptedTask({ delivered: 7, heartbeatAgoMs: TASK_STALE_AFTER_MS + 1_000 });
    const recovered = await recoverInterruptedTasks({
      db: database.db,
      farUsdPrice: async () => PRICE,
      logger,
    });
    expect(recovered).toBeGreaterThanOrEqual(1);
    const [task] = await database.db.select().from(inferenceTasks).where(eq(inferenceTasks.id, t.taskId));
    const charge = tokensCostWei(10 + 7, '0.50', PRICE);
    expect(task?.status).toBe('failed');
    expect(task?.failureReason).toMatch(/coordinator stopped/);
    expect(task?.costFarWei).toBe(charge);
    expect((task?.nodeShareWei ?? 0n) + (task?.stakersShareWei ?? 0n) + (task?.treasuryShareWei ?? 0n)).toBe(
      charge,
    );
    const balances = await getBalances(database.db, t.userId);
    expect(balances.reserved).toBe(0n);
    expect(balances.available).toBe(10n ** 21n - charge);
    const [reservation] = await database.db
      .select()
      .from(ledgerReservations)
      .where(eq(ledgerReservations.id, t.reservationId));
    expect(reservation?.status).not.toBe('open');
    // The node's share shows in its earnings, as after a normal finish.
    expect(task?.nodeShareWei).toBeGreaterThan(0n);
    expect(await nodeEarnings(t.nodeId ?? '')).toBe(task?.nodeShareWei);
  });

  it("bills a twin chat's fee for the delivered tokens, split and recorded as a normal finish does", async () => {
    const db = database.db;
    const owner = await createLedgerTestUser(db);
    const weiPerMillionTokens = 7n * 10n ** 18n + 1n;
    const [twin] = await db
      .insert(fartwinTwins)
      .values({
        ownerUserId: owner.id,
        handle: `recovered-${randomUUID().slice(0, 8)}`,
        name: 'Recovered',
        persona: 'Answers.',
        baseModel: 'far-demo',
        visibility: 'public',
        creatorFeeWeiPerMillion: 1n,
      })
      .returning();
    if (!twin) throw new Error('no twin');
    const { userId, taskId, reservationId } = await interruptedTask({
      delivered: 30,
      heartbeatAgoMs: TASK_STALE_AFTER_MS + 5_000,
      twinFee: { twinId: twin.id, handle: twin.handle, weiPerMillionTokens },
    });
    const chatModels = createChatModelRegistry();
    chatModels.register(
      twinChatProvider({
        db,
        logger,
        rateLimits: createChatRateLimits({ perUserPerMinute: 1, perTwinPerMinute: 1 }),
      }),
    );
    const before = await getBalances(db, userId);
    await recoverInterruptedTasks({ db, farUsdPrice: async () => PRICE, logger, chatModels });

    // 10 prompt + 30 delivered tokens, the fee at the price admitted (not the twin's 1 wei now).
    const fee = surchargeWei(40, weiPerMillionTokens);
    const split = twinFeeSplit(fee, owner.id);
    const base = tokensCostWei(40, '0.50', PRICE);
    const after = await getBalances(db, userId);
    expect(before.reserved - after.reserved).toBe(before.reserved);
    expect(before.available + before.reserved - after.available).toBe(base + fee);
    expect(await getAccountBalance(db, { kind: 'creator_earnings', userId: owner.id })).toBe(split.creator);
    const [charge] = await db.select().from(fartwinCharges).where(eq(fartwinCharges.taskId, taskId));
    expect(charge).toMatchObject({
      tokens: 40,
      feeFarWei: fee,
      creatorShareWei: split.creator,
      payerUserId: userId,
    });
    // Settlement sees the creator and the fee's stakers share apart, exact to the wei.
    const unsettled = (await collectUnsettledCharges(db, 1000)).find((c) => c.userId === userId);
    expect(unsettled).toMatchObject({
      creator: split.creator,
      creatorFeeStakers: split.stakers,
      amount: base + fee,
    });
    const [closed] = await db
      .select()
      .from(ledgerReservations)
      .where(eq(ledgerReservations.id, reservationId));
    expect(closed?.status).toBe('closed');
  });

  it('leaves a task whose coordinator is still alive alone', async () => {
    const t = await interruptedTask({ delivered: 3, heartbeatAgoMs: 500 });
    await recoverInterruptedTasks({ db: database.db, farUsdPrice: async () => PRICE, logger });
    const [task] = await database.db.select().from(inferenceTasks).where(eq(inferenceTasks.id, t.taskId));
    expect(task?.status).toBe('running');
    expect((await getBalances(database.db, t.userId)).reserved).toBeGreaterThan(0n);
  });

  it('never charges twice when the original coordinator later finishes the same task', async () => {
    const t = await interruptedTask({ delivered: 4, heartbeatAgoMs: TASK_STALE_AFTER_MS + 1_000 });
    await recoverInterruptedTasks({ db: database.db, farUsdPrice: async () => PRICE, logger });
    const after = await getBalances(database.db, t.userId);
    // The late finish uses the same idempotency key with other amounts: refused, nothing moves.
    await expect(
      settleReservation(database.db, {
        reservationId: t.reservationId,
        actual: tokensCostWei(10 + 9, '0.50', PRICE),
        split: {
          ...(t.nodeId ? { nodeId: t.nodeId } : {}),
          node: 0n,
          stakers: 0n,
          treasury: tokensCostWei(10 + 9, '0.50', PRICE),
        },
        idempotencyKey: `task:${t.taskId}:settle`,
      }),
    ).rejects.toThrow();
    expect(await getBalances(database.db, t.userId)).toEqual(after);
  });

  it('closes a task once when two replicas recover it at the same time', async () => {
    const t = await interruptedTask({ delivered: 5, heartbeatAgoMs: TASK_STALE_AFTER_MS + 1_000 });
    const recover = () =>
      recoverInterruptedTasks({ db: database.db, farUsdPrice: async () => PRICE, logger });
    await Promise.all([recover(), recover()]);
    const [task] = await database.db.select().from(inferenceTasks).where(eq(inferenceTasks.id, t.taskId));
    const charge = tokensCostWei(10 + 5, '0.50', PRICE);
    expect(task?.costFarWei).toBe(charge);
    expect(await getBalances(database.db, t.userId)).toEqual({
      available: 10n ** 21n - charge,
      reserved: 0n,
    });
    expect(await nodeEarnings(t.nodeId ?? '')).toBe(task?.nodeShareWei);
  });

  it('charges nothing for a task that had delivered nothing', async () => {
    const t = await interruptedTask({
      delivered: 0,
      heartbeatAgoMs: TASK_STALE_AFTER_MS + 1_000,
      withNode: false,
    });
    await recoverInterruptedTasks({ db: database.db, farUsdPrice: async () => PRICE, logger });
    expect(await getBalances(database.db, t.userId)).toEqual({ available: 10n ** 21n, reserved: 0n });
  });
});
