import { randomUUID } from 'node:crypto';
import { gpuNodes, inferenceTasks } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLedgerTestNode, createLedgerTestUser } from '../../../test/support/createLedgerTestParties.js';
import { FAR_DEMO_USD_PER_1M, farDemoModel } from '../../../test/support/farDemoModel.js';
import type { DispatchSegment } from '../../dispatch/dispatchTypes.js';
import { auditLedger } from '../../ledger/auditLedger.js';
import { creditDeposit } from '../../ledger/creditDeposit.js';
import { getBalances } from '../../ledger/getBalances.js';
import { reserve } from '../../ledger/reserve.js';
import { createLogger } from '../../observability/createLogger.js';
import { finishInferenceTask } from './finishInferenceTask.js';
import { taskCostUsd, taskCostWei, tokensCostWei } from './priceTokens.js';

const PRICE = 10_000_000n; // $0.10 per FAR, 8 decimals
const model = farDemoModel;
let database: TestDbHandle;
beforeAll(async () => {
  database = await createTestDb();
});
afterAll(() => database.close());

type Node = { id: string; nodeId: string; owner: `0x${string}` };

async function nodeRow(): Promise<Node> {
  const id = await createLedgerTestNode(database.db);
  const [row] = await database.db.select().from(gpuNodes).where(eq(gpuNodes.id, id));
  if (!row) throw new Error('no node row');
  return { id, nodeId: row.nodeId, owner: row.ownerAddress as `0x${string}` };
}

/** A running task with its reservation open, as startInference leaves it before finishing. */
async function runningTask(userId: string) {
  const taskId = randomUUID();
  const estimate = tokensCostWei(110, FAR_DEMO_USD_PER_1M, PRICE);
  await database.db.insert(inferenceTasks).values({
    id: taskId,
    taskId,
    userId,
    modelName: model.id,
    maxTokens: 100,
    promptTokens: 10,
    status: 'running',
  });
  const { reservationId } = await reserve(database.db, {
    userId,
    amount: estimate,
    idempotencyKey: `task:${taskId}:reserve`,
  });
  return { taskId, reservationId, estimate };
}

it('settles failed-over tasks that paid the same nodes in opposite orders, all at once, without a deadlock', async () => {
  const a = await nodeRow();
  const b = await nodeRow();
  const orders: [Node, Node][] = [
    [a, b],
    [b, a],
  ];
  const users = await Promise.all(Array.from({ length: 4 }, () => createLedgerTestUser(database.db)));
  for (const user of users) {
    await creditDeposit(database.db, {
      userId: user.id,
      amount: 10n ** 21n,
      idempotencyKey: `dep:${user.id}`,
    });
  }
  const segment = (node: Node, tokens: number): DispatchSegment => ({
    nodeId: node.nodeId,
    nodeOwner: node.owner,
    tokens,
    claimedCompletionTokens: undefined,
    score: 80,
  });
  // Each user has two tasks, one served A then B, the other B then A: every pair of settlements
  // wants the same node accounts in opposite orders.
  const tasks = await Promise.all(
    users.flatMap((user) => orders.map(async (order) => ({ user, order, ...(await runningTask(user.id)) }))),
  );
  const outcomes = await Promise.all(
    tasks.map(({ user, order, taskId, reservationId, estimate }) =>
      finishInferenceTask(database.db, {
        taskId,
        reservationId,
        userId: user.id,
        model,
        price: PRICE,
        promptTokens: 10,
        estimate,
        request: { prompt: 'Count:', temperature: 0 },
        createdAt: new Date(),
        firstTokenAt: undefined,
        delivered: 40,
        nodeId: order[0].nodeId,
        result: {
          taskId,
          nodeId: order[1].nodeId,
          nodeOwner: order[1].owner,
          completionTokensCounted: 40,
          nodeClaimedUsage: undefined,
          finishReason: 'length',
          attempts: 2,
          segments: [segment(order[0], 15), segment(order[1], 25)],
          durationMs: 1,
        },
        failure: undefined,
        cancelled: false,
        nodeScore: () => 80,
        updates: { push: () => {}, finish: () => {} },
        publisher: undefined,
        logger: createLogger('silent'),
      }),
    ),
  );

  const charge = tokensCostWei(50, FAR_DEMO_USD_PER_1M, PRICE);
  for (const outcome of outcomes) {
    expect(outcome.status).toBe('completed');
    expect(outcome.costFarWei).toBe(charge);
  }
  for (const user of users) {
    const balances = await getBalances(database.db, user.id);
    expect(balances.reserved).toBe(0n);
    expect(balances.available).toBe(10n ** 21n - 2n * charge);
  }
  expect((await auditLedger(database.db)).ok).toBe(true);
});

it('bills prompt tokens at the input price and delivered tokens at the output price, to the wei, and releases the rest', async () => {
  // $0.02 in, $0.05 out per 1M tokens (llama-3.1-8b's list prices), awkward counts so rounding shows.
  const priced = { ...model, id: 'split-price', inputPriceUsdPer1M: '0.02', outputPriceUsdPer1M: '0.05' };
  const node = await nodeRow();
  const user = await createLedgerTestUser(database.db);
  await creditDeposit(database.db, { userId: user.id, amount: 10n ** 21n, idempotencyKey: `dep:${user.id}` });
  const taskId = randomUUID();
  const promptTokens = 1_234;
  const maxTokens = 777;
  const estimate = taskCostWei(priced, { promptTokens, completionTokens: maxTokens }, PRICE);
  await database.db.insert(inferenceTasks).values({
    id: taskId,
    taskId,
    userId: user.id,
    modelName: priced.id,
    maxTokens,
    promptTokens,
    status: 'running',
  });
  const { reservationId } = await reserve(database.db, {
    userId: user.id,
    amount: estimate,
    idempotencyKey: `task:${taskId}:reserve`,
  });
  const delivered = 333;
  const outcome = await finishInferenceTask(database.db, {
    taskId,
    reservationId,
    userId: user.id,
    model: priced,
    price: PRICE,
    promptTokens,
    estimate,
    request: { prompt: 'Count:', temperature: 0 },
    createdAt: new Date(),
    firstTokenAt: undefined,
    delivered,
    nodeId: node.nodeId,
    result: {
      taskId,
      nodeId: node.nodeId,
      nodeOwner: node.owner,
      completionTokensCounted: delivered,
      nodeClaimedUsage: undefined,
      finishReason: 'stop',
      attempts: 1,
      segments: [
        {
          nodeId: node.nodeId,
          nodeOwner: node.owner,
          tokens: delivered,
          claimedCompletionTokens: undefined,
          score: 80,
        },
      ],
      durationMs: 1,
    },
    failure: undefined,
    cancelled: false,
    nodeScore: () => 80,
    updates: { push: () => {}, finish: () => {} },
    publisher: undefined,
    logger: createLogger('silent'),
  });
  // (1234 × 0.02 + 333 × 0.05) / 1M USD = 0.00004133 USD = 0.0004133 FAR at $0.10.
  const due = 4_133n * 10n ** 11n;
  expect(taskCostWei(priced, { promptTokens, completionTokens: delivered }, PRICE)).toBe(due);
  expect(outcome.costFarWei).toBe(due);
  expect(outcome.costUsd).toBe(taskCostUsd(priced, { promptTokens, completionTokens: delivered }));
  expect(outcome.costUsd).toBe('0.00004133');
  // Not what one price for all tokens would give.
  expect(due).not.toBe(tokensCostWei(promptTokens + delivered, '0.05', PRICE));
  expect(outcome.split.node + outcome.split.stakers + outcome.split.treasury).toBe(due);
  const balances = await getBalances(database.db, user.id);
  expect(balances.reserved).toBe(0n);
  expect(balances.available).toBe(10n ** 21n - due);
  expect((await auditLedger(database.db)).ok).toBe(true);
});
