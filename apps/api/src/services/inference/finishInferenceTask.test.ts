import { randomUUID } from 'node:crypto';
import { gpuNodes, inferenceTasks } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLedgerTestNode, createLedgerTestUser } from '../../../test/support/createLedgerTestParties.js';
import type { DispatchSegment } from '../../dispatch/dispatchTypes.js';
import { auditLedger } from '../../ledger/auditLedger.js';
import { creditDeposit } from '../../ledger/creditDeposit.js';
import { getBalances } from '../../ledger/getBalances.js';
import { reserve } from '../../ledger/reserve.js';
import { FAR_DEMO_USD_PER_1M, farDemoModel } from '../../../test/support/farDemoModel.js';
import { createLogger } from '../../observability/createLogger.js';
import { finishInferenceTask } from './finishInferenceTask.js';
import { tokensCostWei } from './priceTokens.js';

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
