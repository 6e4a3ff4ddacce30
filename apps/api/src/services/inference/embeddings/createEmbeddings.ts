import { randomUUID } from 'node:crypto';
import { type Db, inferenceTasks } from '@far/db';
import { and, eq, inArray } from 'drizzle-orm';
import type {
  EmbeddingDispatchRequest,
  EmbeddingDispatchResult,
} from '../../../dispatch/dispatchEmbeddingTask.js';
import { BaseError } from '../../../errors/BaseError.js';
import { findSellableModel } from '../../../models/findSellableModel.js';
import type { ModelSpec } from '../../../models/ModelSpec.js';
import type { Logger } from '../../../observability/createLogger.js';
import { NoNodeAvailableError } from '../../../scheduler/NoNodeAvailableError.js';
import type { SpendingAuthorizationGuard } from '../../../spendingAuthorization/createSpendingAuthorizationGuard.js';
import type { InferencePublisher } from '../createTaskUpdatePublisher.js';
import { discountModelPrice } from '../discountModelPrice.js';
import { taskCostWei } from '../priceTokens.js';
import { reserveTaskRow } from '../reserveTaskRow.js';
import { countEmbeddingTokens } from './countEmbeddingTokens.js';
import { type EmbeddingCharge, settleEmbeddingTask } from './settleEmbeddingTask.js';
import { shortenEmbedding } from './shortenEmbedding.js';

/** How often a running embeddings task proves its coordinator is alive (the recovery sweep's clock). */
const EMBEDDING_HEARTBEAT_MS = 1_000;

export type EmbeddingDependencies = {
  db: Db;
  dispatchEmbedding: (request: EmbeddingDispatchRequest) => Promise<EmbeddingDispatchResult>;
  /** FAR/USD with 8 decimals, from the chain's price feed. */
  farUsdPrice: () => Promise<bigint>;
  /** Admits the reservation only within the user's on-chain spending authorization (when a chain is configured). */
  spendingAuthorization?: SpendingAuthorizationGuard | undefined;
  publisher?: InferencePublisher | undefined;
  logger: Logger;
  /** Whether some online node computes embeddings of the model; when none does, nothing is reserved. */
  hasEmbeddingNode: (model: string) => boolean;
};

/** Who asks for embeddings, and what, as the HTTP boundary validated it. */
export type CreateEmbeddingsInput = {
  userId: string;
  walletAddress: `0x${string}`;
  apiKeyId?: string | undefined;
  model: string;
  input: string[];
  /** Keep the first `dimensions` numbers of each vector (scaled back to unit length). */
  dimensions?: number | undefined;
  signal?: AbortSignal | undefined;
  /** The task's id when the caller derives it (a batch request's attempt); a random one otherwise. */
  taskId?: string | undefined;
  /** Off the model's list price, in basis points (a batch's discount). */
  discountBps?: number | undefined;
  /** Rows that commit in the transaction that bills the vectors (a batch request's result). */
  settleAlongside?: ((tx: Db, outcome: EmbeddingsOutcome) => Promise<void>) | undefined;
};

export type EmbeddingsOutcome = EmbeddingCharge & {
  taskId: string;
  nodeId: string;
  model: ModelSpec;
  /** One unit-length vector per input, in input order. */
  embeddings: number[][];
  /** The coordinator's count, billed. */
  promptTokens: number;
};

/**
 * Runs one paid embeddings request end to end: counts the input tokens itself, reserves their
 * price (exact: an embedding has no completion to estimate), writes the task row with the
 * reservation, dispatches the texts to a node serving embeddings for the model (once more on
 * another node if it fails before answering), and bills the reservation exactly when the vectors
 * came back, or releases all of it when they did not.
 *
 * @param deps - database, gateway, price feed, spending guard.
 * @param input - the caller and the texts.
 * @returns the vectors, the node and the charge.
 * @throws BaseError `model_not_found` (a model not in the catalogue), `bad_request` (`dimensions` too large),
 *   `insufficient_balance` / `spending_authorization_required` (402), `no_node_available` (503).
 * @example
 * const { embeddings, promptTokens, costFarWei } = await createEmbeddings(deps, { userId, walletAddress, model: 'far-demo', input: ['hi'] });
 */
export async function createEmbeddings(
  deps: EmbeddingDependencies,
  input: CreateEmbeddingsInput,
): Promise<EmbeddingsOutcome> {
  const listed = await findSellableModel(deps.db, input.model, 'embeddings');
  const model = discountModelPrice(listed, input.discountBps ?? 0);
  if (!deps.hasEmbeddingNode(model.id)) throw new NoNodeAvailableError(model.id, 'no_eligible_node');
  const price = await deps.farUsdPrice().catch((error: unknown) => {
    throw new BaseError('service_unavailable', 'The FAR/USD price feed is unavailable; try again shortly', {
      cause: error,
    });
  });
  const promptTokens = countEmbeddingTokens(input.input);
  // Embeddings read tokens and write none: the input price.
  const cost = taskCostWei(model, { promptTokens, completionTokens: 0 }, price);
  const taskId = input.taskId ?? randomUUID();
  const createdAt = new Date();
  const reservationId = await reserveEmbeddingTask(deps, input, {
    taskId,
    model,
    promptTokens,
    cost,
    createdAt,
  });
  const settle = (
    result: EmbeddingDispatchResult | undefined,
    failure: unknown,
    alongside?: (tx: Db, charge: EmbeddingCharge) => Promise<void>,
  ) =>
    settleEmbeddingTask(
      deps.db,
      { taskId, reservationId, model, promptTokens, cost, createdAt, result, failure, alongside },
      deps.publisher,
    );

  const heartbeat = setInterval(() => {
    touchTask(deps.db, taskId).catch((error: unknown) =>
      deps.logger.warn({ err: error, taskId }, 'could not record embeddings task heartbeat'),
    );
  }, EMBEDDING_HEARTBEAT_MS);
  heartbeat.unref();
  let result: EmbeddingDispatchResult;
  let embeddings: number[][];
  try {
    result = await deps.dispatchEmbedding({
      taskId,
      model: model.id,
      input: input.input,
      minVramGb: model.minVramGb,
      signal: input.signal,
    });
    embeddings = result.embeddings.map((vector) => shortenEmbedding(vector, input.dimensions));
  } catch (error) {
    clearInterval(heartbeat);
    await settle(undefined, error).catch((settleError: unknown) =>
      deps.logger.error({ err: settleError, taskId }, 'could not release a failed embeddings task'),
    );
    throw error;
  }
  clearInterval(heartbeat);
  const settled = { taskId, nodeId: result.nodeId, model, embeddings, promptTokens };
  const { settleAlongside } = input;
  const charge = await settle(
    result,
    undefined,
    settleAlongside && ((tx, billed) => settleAlongside(tx, { ...settled, ...billed })),
  );
  return { ...settled, ...charge };
}

/** Reserves the price with the task row alongside, within the user's spending authorization. */
function reserveEmbeddingTask(
  deps: EmbeddingDependencies,
  input: CreateEmbeddingsInput,
  terms: { taskId: string; model: ModelSpec; promptTokens: number; cost: bigint; createdAt: Date },
): Promise<string> {
  const { taskId, model, promptTokens, cost, createdAt } = terms;
  return reserveTaskRow(
    deps,
    { userId: input.userId, walletAddress: input.walletAddress },
    {
      amount: cost,
      metadata: { taskId, model: model.id, promptTokens, kind: 'embeddings', inputs: input.input.length },
      row: {
        id: taskId,
        taskId,
        userId: input.userId,
        apiKeyId: input.apiKeyId,
        modelName: model.id,
        // The texts are the caller's: kept as JSON (which escapes what Postgres cannot store).
        prompt: JSON.stringify({ embeddings: input.input }),
        maxTokens: 0,
        temperature: 0,
        promptTokens,
        status: 'running',
        createdAt,
        startedAt: createdAt,
        heartbeatAt: createdAt,
      },
    },
  );
}

function touchTask(db: Db, taskId: string) {
  return db
    .update(inferenceTasks)
    .set({ heartbeatAt: new Date() })
    .where(and(eq(inferenceTasks.id, taskId), inArray(inferenceTasks.status, ['pending', 'running'])));
}
