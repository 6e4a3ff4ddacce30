import { gpuNodes, inferenceTasks, ledgerReservations } from '@far/db';
import { createTestDb, type TestDbHandle } from '@far/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completedDispatchStream } from '../../../test/support/completedDispatchStream.js';
import { createLedgerTestNode, createLedgerTestUser } from '../../../test/support/createLedgerTestParties.js';
import type { DispatchRequest } from '../../dispatch/dispatchTypes.js';
import { auditLedger } from '../../ledger/auditLedger.js';
import { creditDeposit } from '../../ledger/creditDeposit.js';
import { getBalances } from '../../ledger/getBalances.js';
import { upsertCatalogueModel } from '../../models/upsertCatalogueModel.js';
import { createLogger } from '../../observability/createLogger.js';
import { taskCostWei, tokensCostWei } from './priceTokens.js';
import { startInference } from './startInference.js';

const PRICE = 10_000_000n; // $0.10 per FAR, 8 decimals
const DEPOSIT = 10n ** 21n;
const prices = { inputPriceUsdPer1M: '0.02', outputPriceUsdPer1M: '0.05' };

describe('startInference with a catalogued model priced per input and output token', () => {
  let database: TestDbHandle;
  let node: { nodeId: string; owner: `0x${string}` };
  beforeAll(async () => {
    database = await createTestDb();
    const id = await createLedgerTestNode(database.db);
    const [row] = await database.db.select().from(gpuNodes).where(eq(gpuNodes.id, id));
    node = { nodeId: row?.nodeId ?? '', owner: (row?.ownerAddress ?? '0x') as `0x${string}` };
    await upsertCatalogueModel(database.db, {
      id: 'split-price-8b',
      family: 'llama',
      parameterCount: 8_030_261_248,
      quantization: 'Q4_K_M',
      contextLength: 8192,
      minVramGb: 0,
      tokensPerSecond: 60,
      ...prices,
      weightsSha256: null,
    });
  });
  afterAll(() => database.close());

  /** A node that streams `count` tokens and ends the task, claiming no usage. */
  const dispatch = (count: number) => async (request: DispatchRequest) =>
    completedDispatchStream(
      request,
      node,
      Array.from({ length: count }, (_, seq) => ` w${seq}`),
      undefined,
    );

  it('reserves prompt × input + max_tokens × output, then bills prompt × input + delivered × output to the wei', async () => {
    const user = await createLedgerTestUser(database.db);
    await creditDeposit(database.db, { userId: user.id, amount: DEPOSIT, idempotencyKey: `dep:${user.id}` });
    const maxTokens = 500;
    const started = await startInference(
      {
        db: database.db,
        dispatch: dispatch(37),
        nodeScore: () => 80,
        farUsdPrice: async () => PRICE,
        logger: createLogger('silent'),
      },
      {
        userId: user.id,
        walletAddress: user.walletAddress as `0x${string}`,
        request: {
          model: 'split-price-8b',
          messages: [{ role: 'user', content: 'Tell me about the river town' }],
          maxTokens,
          temperature: 0,
        },
      },
    );
    const [task] = await database.db
      .select()
      .from(inferenceTasks)
      .where(eq(inferenceTasks.id, started.taskId));
    const [reservation] = await database.db
      .select()
      .from(ledgerReservations)
      .where(eq(ledgerReservations.id, task?.reservationId ?? ''));
    const { promptTokens } = started;
    expect(reservation?.amountWei).toBe(
      taskCostWei(prices, { promptTokens, completionTokens: maxTokens }, PRICE),
    );

    for await (const _ of started.tokens) {
      // drain: the client reads every token
    }
    const outcome = await started.outcome;
    const due = taskCostWei(prices, { promptTokens, completionTokens: 37 }, PRICE);
    expect(outcome).toMatchObject({ status: 'completed', completionTokens: 37, costFarWei: due });
    // Neither price alone would give this figure.
    expect(due).not.toBe(tokensCostWei(promptTokens + 37, prices.outputPriceUsdPer1M, PRICE));
    expect(due).not.toBe(tokensCostWei(promptTokens + 37, prices.inputPriceUsdPer1M, PRICE));
    const balances = await getBalances(database.db, user.id);
    expect(balances.reserved).toBe(0n);
    expect(balances.available).toBe(DEPOSIT - due);
    expect((await auditLedger(database.db)).ok).toBe(true);
  });
});
