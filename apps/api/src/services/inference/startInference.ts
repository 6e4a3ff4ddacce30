import { randomUUID } from 'node:crypto';
import { type Db, inferenceTasks } from '@far/db';
import { type InferenceRequest, toStorableText } from '@far/protocol';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DispatchRequest, DispatchResult, DispatchStream } from '../../dispatch/dispatchTypes.js';
import { BaseError } from '../../errors/BaseError.js';
import { reserve } from '../../ledger/reserve.js';
import { getModelSpec, type ModelSpec } from '../../models/modelCatalogue.js';
import type { Logger } from '../../observability/createLogger.js';
import type { Metrics } from '../../observability/createMetrics.js';
import { type TracedStep, traceInference } from '../../observability/traceInference.js';
import type { SpendingAuthorizationGuard } from '../../spendingAuthorization/createSpendingAuthorizationGuard.js';
import { countPromptTokens } from './countPromptTokens.js';
import { createTaskUpdatePublisher, type InferencePublisher } from './createTaskUpdatePublisher.js';
import { findPayableNodes } from './findPayableNodes.js';
import { finishInferenceTask, type InferenceOutcome } from './finishInferenceTask.js';
import { type InferenceSurcharge, surchargeWei } from './InferenceSurcharge.js';
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
  /** Time to first token and tokens delivered, recorded as each task ends. */
  metrics?: Pick<Metrics, 'inferenceTtft' | 'inferenceTokens'> | undefined;
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
  /** A price per token on top of the model's (a twin's creator fee), reserved and charged with it. */
  surcharge?: InferenceSurcharge | undefined;
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
  const surchargeEstimate = input.surcharge
    ? surchargeWei(promptTokens + request.maxTokens, input.surcharge.weiPerMillionTokens)
    : 0n;
  const estimate =
    tokensCostWei(promptTokens + request.maxTokens, model.priceUsdPer1M, price) + surchargeEstimate;
  const taskId = randomUUID();
  const createdAt = new Date();

  const { reservationId } = await reserveTask(deps, input, {
    taskId,
    model,
    promptTokens,
    estimate,
    createdAt,
  });

  const updates = createTaskUpdatePublisher(deps.publisher, { taskId, userId: input.userId });
  const span = traceInference(taskId, model.id);
  const state: TaskState = { delivered: 0, nodeId: '', firstTokenAt: undefined };
  let markedRunning: Promise<unknown> = Promise.resolve();
  let finalized: Promise<InferenceOutcome> | undefined;

  const recordProgress = () => recordTaskProgress(db, taskId, input.deliveredWhole ? 0 : state.delivered);

  const finalize = (result: DispatchResult | undefined, failure: unknown, cancelled: boolean) => {
    if (finalized) return finalized;
    const settling = span.step('inference.settle');
    finalized = markedRunning
      .then(() =>
        finishInferenceTask(db, {
          taskId,
          reservationId,
          userId: input.userId,
          model,
          price,
          promptTokens,
          estimate,
          ...(input.surcharge ? { surcharge: { ...input.surcharge, estimate: surchargeEstimate } } : {}),
          request,
          createdAt,
          firstTokenAt: state.firstTokenAt,
          delivered: state.delivered,
          nodeId: state.nodeId,
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
        settling.fail(error);
        span.fail(error);
        logger.error({ err: error, taskId }, 'failed to record inference outcome');
        await recordProgress().catch((progressError: unknown) =>
          logger.error({ err: progressError, taskId }, 'could not record the delivered tokens either'),
        );
        throw error;
      })
      .then((outcome) => {
        settling.end();
        span.end();
        return outcome;
      });
    return finalized;
  };

  let stream: DispatchStream;
  const hop = span.step('node.dispatch');
  try {
    stream = await deps.dispatch({ ...request, taskId, minVramGb: model.minVramGb, signal: input.signal });
  } catch (error) {
    hop.fail(error);
    await finalize(undefined, error, false).catch(() => {});
    throw error;
  }
  state.nodeId = stream.nodeId;
  // Tokens need not wait for this write; the final write waits for it.
  markedRunning = markTaskRunning(deps, taskId, stream.nodeId);
  const progress = setInterval(() => {
    recordProgress().catch((error: unknown) =>
      logger.warn({ err: error, taskId }, 'could not record task progress'),
    );
  }, TASK_HEARTBEAT_MS);
  progress.unref();

  const outcome = deferredOutcome();

  const tokens = relayTokens(stream, state, updates, input, (result, failure, cancelled) => {
    clearInterval(progress);
    recordStreamEnd(deps.metrics, hop, { model: model.id, createdAt, state, failure, cancelled });
    finalize(result, failure, cancelled).then(outcome.resolve, outcome.reject);
  });

  return { taskId, nodeId: state.nodeId, model, promptTokens, tokens, outcome: outcome.promise };
}

/** What a task is priced and recorded with before it is dispatched. */
type TaskTerms = {
  taskId: string;
  model: ModelSpec;
  promptTokens: number;
  estimate: bigint;
  createdAt: Date;
};

/**
 * Reserves the estimate from the user's balance and writes the task row alongside, within the
 * user's on-chain spending authorization when the chain is configured.
 */
async function reserveTask(deps: InferenceDependencies, input: StartInferenceInput, terms: TaskTerms) {
  const { request } = input;
  const { taskId, model, promptTokens, estimate, createdAt } = terms;
  const reserveForTask = (admit?: Parameters<typeof reserve>[1]['admit']) =>
    reserve(deps.db, {
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
  return deps.spendingAuthorization
    ? deps.spendingAuthorization.reserveWithin(
        { userId: input.userId, walletAddress: input.walletAddress },
        estimate,
        reserveForTask,
      )
    : reserveForTask();
}

/**
 * Marks the task running on its node, so a recovery pays the node on record if this process dies
 * mid-task. It only moves a task that is still pending; a failure is logged, not thrown.
 */
function markTaskRunning(deps: InferenceDependencies, taskId: string, nodeId: string): Promise<unknown> {
  const { db, logger } = deps;
  const startedAt = new Date();
  return findPayableNodes(db, [nodeId])
    .then((nodes) =>
      db
        .update(inferenceTasks)
        .set({ status: 'running', startedAt, heartbeatAt: startedAt, nodeId: nodes.get(nodeId)?.id ?? null })
        .where(and(eq(inferenceTasks.id, taskId), eq(inferenceTasks.status, 'pending'))),
    )
    .catch((error: unknown) => logger.warn({ err: error, taskId }, 'could not mark the task running'));
}

/** What a running task has delivered so far, and on which node. */
type TaskState = { delivered: number; nodeId: string; firstTokenAt: number | undefined };

/**
 * Durable progress: if this process dies, or cannot record the outcome, recovery bills what the
 * row says was delivered. It only grows, so a periodic write landing late cannot undo a later one.
 * A response that is not streamed has delivered nothing until it is sent (pass 0), after the outcome.
 */
function recordTaskProgress(db: Db, taskId: string, delivered: number) {
  return db
    .update(inferenceTasks)
    .set({
      tokensGenerated: sql`greatest(coalesce(${inferenceTasks.tokensGenerated}, 0), ${delivered})`,
      heartbeatAt: new Date(),
    })
    .where(and(eq(inferenceTasks.id, taskId), inArray(inferenceTasks.status, ['pending', 'running'])));
}

/**
 * Passes the node's tokens to the client while counting the billable ones, then reports how the
 * stream ended: its result, a failure, or a cancel (a client that stops reading or aborts cancelled
 * the task; it pays for what it received).
 */
async function* relayTokens(
  stream: DispatchStream,
  state: TaskState,
  updates: ReturnType<typeof createTaskUpdatePublisher>,
  input: StartInferenceInput,
  onEnd: (result: DispatchResult | undefined, failure: unknown, cancelled: boolean) => void,
) {
  let failure: unknown;
  let completed = false;
  try {
    for await (const token of stream) {
      state.firstTokenAt ??= Date.now();
      // Whitespace-only and invisible tokens reach the client but are not billable.
      if (token.billable) state.delivered += 1;
      updates.push(token.text);
      yield token;
    }
    completed = true;
  } catch (error) {
    failure = error;
  } finally {
    const result = await stream.result.catch(() => undefined);
    if (result) state.nodeId = result.nodeId;
    const cancelled =
      (!completed && !failure) || Boolean(input.signal?.aborted) || result?.finishReason === 'cancelled';
    // The client of a response that is not streamed receives nothing from a task that did not complete.
    if (input.deliveredWhole && (failure || cancelled)) state.delivered = 0;
    onEnd(result, cancelled ? undefined : failure, cancelled);
  }
  if (failure) throw failure;
}

/** Records the stream's end: its time to first token and tokens delivered, and the node hop's span. */
function recordStreamEnd(
  metrics: InferenceDependencies['metrics'],
  hop: TracedStep,
  end: { model: string; createdAt: Date; state: TaskState; failure: unknown; cancelled: boolean },
): void {
  const { model, state } = end;
  if (end.failure) hop.fail(end.failure);
  else
    hop.end({ 'far.node_id': state.nodeId, 'far.tokens': state.delivered, 'far.cancelled': end.cancelled });
  if (!metrics) return;
  if (state.firstTokenAt !== undefined)
    metrics.inferenceTtft.observe({ model }, (state.firstTokenAt - end.createdAt.getTime()) / 1000);
  if (state.delivered > 0) metrics.inferenceTokens.inc({ model }, state.delivered);
}

/** The run's outcome, settled once the task is billed; a rejection no one awaits is not unhandled. */
function deferredOutcome() {
  let resolve!: (o: InferenceOutcome) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<InferenceOutcome>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
