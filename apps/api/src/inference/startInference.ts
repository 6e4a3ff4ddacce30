import { randomUUID } from 'node:crypto';
import { type Db, inferenceTasks } from '@far/db';
import { type InferenceRequest, toStorableText } from '@far/protocol';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DispatchRequest, DispatchResult, DispatchStream } from '../dispatch/dispatchTypes.js';
import { BaseError } from '../errors/BaseError.js';
import { reserve } from '../ledger/reserve.js';
import { getModelSpec, type ModelSpec } from '../models/modelCatalogue.js';
import type { Logger } from '../observability/createLogger.js';
import type { SpendingAuthorizationGuard } from '../spendingAuthorization/createSpendingAuthorizationGuard.js';
import { countPromptTokens } from './countPromptTokens.js';
import { createTaskUpdatePublisher, type InferencePublisher } from './createTaskUpdatePublisher.js';
import { findPayableNodes } from './findPayableNodes.js';
import { finishInferenceTask, type InferenceOutcome } from './finishInferenceTask.js';
import { tokensCostWei } from './priceTokens.js';

export type { InferenceOutcome } from './finishInferenceTask.js';

/** How often a running task records its delivered tokens and proves its coordinator is alive. */
export const TASK_HEARTBEAT_MS = 1_000;

export type InferenceDependencies = {
  db: Db;
  dispatch: (request: DispatchRequest) => Promise<DispatchStream>;
  /** A node's current reliability score (0..100), which sets its ±10 % payment adjustment. */
  nodeScore: (nodeId: string) => number | undefined;
  /** FAR/USD with 8 decimals, from the chain's price feed. */
  farUsdPrice: () => Promise<bigint>;
  publisher?: InferencePublisher | undefined;
  /**
   * Admits a reservation only if the user's signed spending authorization covers it, so the
   * settlement batcher can charge it on chain. Without it (no chain configured) charges are only
   * bounded by the ledger balance.
   */
  spendingAuthorization?: SpendingAuthorizationGuard | undefined;
  logger: Logger;
};

/** Who asks for an inference, and the request itself, as the HTTP boundary validated it. */
export type StartInferenceInput = {
  userId: string;
  walletAddress: `0x${string}`;
  apiKeyId?: string | undefined;
  request: InferenceRequest;
  /** Aborted when the client goes away: the node is told to stop, the user pays for what was delivered. */
  signal?: AbortSignal | undefined;
  /**
   * The client gets the text only once the task completes (a response that is not streamed): a task
   * that fails delivers it nothing, so nothing is billed, and no node is paid for text no one received.
   */
  deliveredWhole?: boolean | undefined;
};

export type InferenceRun = {
  taskId: string;
  nodeId: string;
  model: ModelSpec;
  promptTokens: number;
  /** Tokens as they arrive; stop iterating to cancel. */
  tokens: AsyncGenerator<{ text: string; seq: number }, void>;
  /** Resolves once the task is billed and recorded (never rejects). */
  outcome: Promise<InferenceOutcome>;
};

/**
 * Runs one paid inference task end to end: prices it, reserves the estimate (prompt + max tokens)
 * from the user's ledger balance, dispatches it to the best node, streams tokens while counting
 * them, and finally bills exactly the tokens delivered ({@link finishInferenceTask}).
 *
 * The database sees, per task: one transaction reserving the estimate with the task row written
 * alongside (the spending-authorization check runs inside it, under the lock of the user's
 * accounts), one update to `running` (which does not hold up the first token), a progress update
 * per second of streaming, and one transaction settling it with every outcome row.
 *
 * @throws BaseError `not_found` (unknown model), `insufficient_balance` (402),
 *   `spending_authorization_required` (402), `no_node_available` (503).
 */
export async function startInference(
  deps: InferenceDependencies,
  input: StartInferenceInput,
): Promise<InferenceRun> {
  const { db, logger } = deps;
  const { request } = input;
  const model = getModelSpec(request.model);
  if (!model) throw new BaseError('not_found', `Model ${request.model} is not offered; see GET /v1/models`);
  const price = await deps.farUsdPrice().catch((error: unknown) => {
    throw new BaseError('service_unavailable', 'The FAR/USD price feed is unavailable; try again shortly', {
      cause: error,
    });
  });
  const promptTokens = countPromptTokens(request);
  const estimate = tokensCostWei(promptTokens + request.maxTokens, model.priceUsdPer1M, price);
  const taskId = randomUUID();
  const createdAt = new Date();

  const reserveForTask = (admit?: Parameters<typeof reserve>[1]['admit']) =>
    reserve(db, {
      userId: input.userId,
      amount: estimate,
      idempotencyKey: `task:${taskId}:reserve`,
      metadata: { taskId, model: model.id, promptTokens, maxTokens: request.maxTokens },
      admit,
      alongside: async (tx, reservationId) => {
        await tx.insert(inferenceTasks).values({
          id: taskId,
          taskId,
          userId: input.userId,
          apiKeyId: input.apiKeyId,
          modelName: model.id,
          // JSON escapes what Postgres cannot store; a raw prompt is cleaned (the node gets it as sent).
          prompt: request.messages ? JSON.stringify(request.messages) : toStorableText(request.prompt ?? ''),
          maxTokens: request.maxTokens,
          temperature: request.temperature,
          promptTokens,
          status: 'pending',
          reservationId,
          createdAt,
          heartbeatAt: createdAt,
        });
      },
    });
  const { reservationId } = deps.spendingAuthorization
    ? await deps.spendingAuthorization.reserveWithin(
        { userId: input.userId, walletAddress: input.walletAddress },
        estimate,
        reserveForTask,
      )
    : await reserveForTask();

  const updates = createTaskUpdatePublisher(deps.publisher, { taskId, userId: input.userId });
  let delivered = 0;
  let nodeId = '';
  let firstTokenAt: number | undefined;
  let markedRunning: Promise<unknown> = Promise.resolve();
  let finalized: Promise<InferenceOutcome> | undefined;

  // Durable progress: if this process dies, or cannot record the outcome, recovery bills what the
  // row says was delivered. It only grows, so a periodic write landing late cannot undo a later one.
  const recordProgress = () =>
    db
      .update(inferenceTasks)
      .set({
        // A response that is not streamed has delivered nothing until it is sent, after the outcome.
        tokensGenerated: sql`greatest(coalesce(${inferenceTasks.tokensGenerated}, 0), ${input.deliveredWhole ? 0 : delivered})`,
        heartbeatAt: new Date(),
      })
      .where(and(eq(inferenceTasks.id, taskId), inArray(inferenceTasks.status, ['pending', 'running'])));

  const finalize = (result: DispatchResult | undefined, failure: unknown, cancelled: boolean) => {
    finalized ??= markedRunning
      .then(() =>
        finishInferenceTask(db, {
          taskId,
          reservationId,
          userId: input.userId,
          model,
          price,
          promptTokens,
          estimate,
          request,
          createdAt,
          firstTokenAt,
          delivered,
          nodeId,
          result,
          failure,
          cancelled,
          nodeScore: deps.nodeScore,
          updates,
          publisher: deps.publisher,
          logger,
        }),
      )
      .catch(async (error: unknown) => {
        // The money must never be left half-done silently: this is logged loudly and the
        // reservation stays open for the recovery to close, which bills the row's count: make it
        // exactly what was delivered, not the last once-a-second progress.
        logger.error({ err: error, taskId }, 'failed to record inference outcome');
        await recordProgress().catch((progressError: unknown) =>
          logger.error({ err: progressError, taskId }, 'could not record the delivered tokens either'),
        );
        throw error;
      });
    return finalized;
  };

  let stream: DispatchStream;
  try {
    stream = await deps.dispatch({ ...request, taskId, minVramGb: model.minVramGb, signal: input.signal });
  } catch (error) {
    await finalize(undefined, error, false).catch(() => {});
    throw error;
  }
  nodeId = stream.nodeId;
  // Recovery pays the node on record if this process dies mid-task. Tokens need not wait for this
  // write; the final write waits for it, and it only moves a task that is still pending.
  const startedAt = new Date();
  markedRunning = findPayableNodes(db, [stream.nodeId])
    .then((nodes) =>
      db
        .update(inferenceTasks)
        .set({
          status: 'running',
          startedAt,
          heartbeatAt: startedAt,
          nodeId: nodes.get(stream.nodeId)?.id ?? null,
        })
        .where(and(eq(inferenceTasks.id, taskId), eq(inferenceTasks.status, 'pending'))),
    )
    .catch((error: unknown) => logger.warn({ err: error, taskId }, 'could not mark the task running'));
  const progress = setInterval(() => {
    recordProgress().catch((error: unknown) =>
      logger.warn({ err: error, taskId }, 'could not record task progress'),
    );
  }, TASK_HEARTBEAT_MS);
  progress.unref();

  let resolveOutcome!: (o: InferenceOutcome) => void;
  let rejectOutcome!: (e: unknown) => void;
  const outcome = new Promise<InferenceOutcome>((resolve, reject) => {
    resolveOutcome = resolve;
    rejectOutcome = reject;
  });
  outcome.catch(() => {});

  async function* tokens() {
    let failure: unknown;
    let completed = false;
    try {
      for await (const token of stream) {
        firstTokenAt ??= Date.now();
        // Whitespace-only and invisible tokens reach the client but are not billable.
        if (token.billable) delivered += 1;
        updates.push(token.text);
        yield token;
      }
      completed = true;
    } catch (error) {
      failure = error;
    } finally {
      const result = await stream.result.catch(() => undefined);
      if (result) nodeId = result.nodeId;
      // A client that stops reading (or aborts) cancelled the task; it pays for what it received.
      const cancelled =
        (!completed && !failure) || Boolean(input.signal?.aborted) || result?.finishReason === 'cancelled';
      clearInterval(progress);
      // The client of a response that is not streamed receives nothing from a task that did not complete.
      if (input.deliveredWhole && (failure || cancelled)) delivered = 0;
      finalize(result, cancelled ? undefined : failure, cancelled).then(resolveOutcome, rejectOutcome);
    }
    if (failure) throw failure;
  }

  return { taskId, nodeId, model, promptTokens, tokens: tokens(), outcome };
}
