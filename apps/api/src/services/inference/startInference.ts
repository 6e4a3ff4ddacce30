import { randomUUID } from 'node:crypto';
import { type Db, inferenceTasks } from '@far/db';
import { toStorableText } from '@far/protocol';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DispatchRequest, DispatchStream, DispatchToken } from '../../dispatch/dispatchTypes.js';
import { BaseError } from '../../errors/BaseError.js';
import type { GroupCommit } from '../../ledger/createGroupCommit.js';
import { findSellableModel } from '../../models/findSellableModel.js';
import type { ModelSpec } from '../../models/ModelSpec.js';
import type { Logger } from '../../observability/createLogger.js';
import type { Metrics } from '../../observability/createMetrics.js';
import { type TracedStep, traceInference } from '../../observability/traceInference.js';
import type { SpendingAuthorizationGuard } from '../../spendingAuthorization/createSpendingAuthorizationGuard.js';
import { countPromptTokens } from './countPromptTokens.js';
import { createTaskUpdatePublisher, type InferencePublisher } from './createTaskUpdatePublisher.js';
import { discountModelPrice } from './discountModelPrice.js';
import { findPayableNodes } from './findPayableNodes.js';
import { finishInferenceTask, type InferenceOutcome } from './finishInferenceTask.js';
import { surchargeReservationMetadata, surchargeWei } from './InferenceSurcharge.js';
import { taskCostWei } from './priceTokens.js';
import { relayTokens } from './relayTokens.js';
import { reserveTaskRow } from './reserveTaskRow.js';
import type { StartInferenceInput } from './StartInferenceInput.js';
import { settleOnce } from './settleOnce.js';
import type { TaskState } from './TaskState.js';
import { type TokenDelivery, waitForDelivery } from './waitForDelivery.js';

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
  /** Settlements committed in groups (see createGroupCommit); without it, one transaction each. */
  groupCommit?: GroupCommit | undefined;
};

export type InferenceRun = {
  taskId: string;
  nodeId: string;
  model: ModelSpec;
  promptTokens: number;
  /** Tokens as they arrive, in batches (every token that arrived since the last step); stop iterating to cancel. */
  tokens: AsyncGenerator<readonly DispatchToken[], void>;
  /** Resolves once the task is billed and recorded (never rejects). */
  outcome: Promise<InferenceOutcome>;
  /**
   * Bills what reached the client rather than what was handed to the caller: a caller that writes
   * the tokens to a socket (a streamed response) passes how many billable tokens its writes have
   * completed and a flush of what is still queued. The task's progress records that count, and the
   * settlement waits for the flush (at most `DELIVERY_FLUSH_WAIT_MS`), so a process that dies
   * between the settlement and the last write cannot bill tokens the client never got. Call it
   * before reading `tokens`.
   */
  trackDelivery(delivery: TokenDelivery): void;
};

/**
 * Runs one paid inference task end to end: prices it, reserves the estimate (prompt + max tokens)
 * from the user's ledger balance, dispatches it to the best node, streams tokens while counting
 * them, and finally bills exactly the tokens delivered ({@link finishInferenceTask}).
 *
 * The database sees, per task: one transaction reserving the estimate with the task row written
 * alongside (the spending-authorization check runs inside it, under the lock of the user's
 * accounts), a progress update per second of streaming (the first marks it `running` on its node:
 * a task shorter than a second never needs it), and one transaction settling it with every outcome
 * row.
 *
 * @throws BaseError `model_not_found` (unknown model), `insufficient_balance` (402),
 *   `spending_authorization_required` (402), `no_node_available` (503).
 */
export async function startInference(
  deps: InferenceDependencies,
  input: StartInferenceInput,
): Promise<InferenceRun> {
  const { db, logger } = deps;
  const { request } = input;
  const listed = await findSellableModel(db, request.model, 'chat');
  const model = discountModelPrice(listed, input.discountBps ?? 0);
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
    taskCostWei(model, { promptTokens, completionTokens: request.maxTokens }, price) + surchargeEstimate;
  const taskId = input.taskId ?? randomUUID();
  const createdAt = new Date();

  const span = traceInference(taskId, model.id);
  const hop = span.step('node.dispatch');
  const { reservationId, dispatching } = await reserveWhileDispatching(deps, input, span, hop, {
    taskId,
    model,
    promptTokens,
    estimate,
    createdAt,
  });

  const updates = createTaskUpdatePublisher(deps.publisher, { taskId, userId: input.userId });
  const state: TaskState = { delivered: 0, nodeId: '', startedAt: undefined, firstTokenAt: undefined };
  let delivery: TokenDelivery | undefined;
  /** Billable tokens the client has: written to its socket when a writer says, else handed over. */
  const delivered = () => (delivery ? Math.min(delivery.written(), state.delivered) : state.delivered);

  const recordProgress = () => recordTaskProgress(db, taskId, state, input.deliveredWhole ? 0 : delivered());

  const finalize = settleOnce({ span, logger, taskId, recordProgress }, (result, failure, cancelled) =>
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
      startedAt: state.startedAt,
      firstTokenAt: state.firstTokenAt,
      delivered: input.deliveredWhole ? state.delivered : delivered(),
      nodeId: state.nodeId,
      result,
      failure,
      cancelled,
      nodeScore: deps.nodeScore,
      alongside: input.settleAlongside,
      groupCommit: deps.groupCommit,
      updates,
      publisher: deps.publisher,
      logger,
    }),
  );

  const dispatched = await dispatching;
  if (!dispatched.ok) {
    hop.fail(dispatched.error);
    await finalize(undefined, dispatched.error, false).catch(() => {});
    throw dispatched.error;
  }
  const stream = dispatched.stream;
  state.nodeId = stream.nodeId;
  // The row says `running` on this node from the first heartbeat on: a task that ends sooner is
  // written once, by its settlement. Until then it has recorded no delivered token, so a recovery
  // would bill it the same either way.
  state.startedAt = new Date();
  const progress = startHeartbeat(recordProgress, logger, taskId);

  const outcome = deferredOutcome();

  const tokens = relayTokens(stream, state, updates, input, (result, failure, cancelled) => {
    recordStreamEnd(deps.metrics, hop, { model: model.id, createdAt, state, failure, cancelled });
    // The progress heartbeat runs on while the last writes drain, so a process dying meanwhile
    // leaves the count that reached the client for the recovery to bill.
    void waitForDelivery(delivery).then(() => {
      clearInterval(progress);
      finalize(result, failure, cancelled).then(outcome.resolve, outcome.reject);
    });
  });

  return {
    taskId,
    nodeId: state.nodeId,
    model,
    promptTokens,
    tokens,
    outcome: outcome.promise,
    trackDelivery: (writer) => {
      delivery = writer;
    },
  };
}

/** What a task is priced and recorded with before it is dispatched. */
type TaskTerms = {
  taskId: string;
  model: ModelSpec;
  promptTokens: number;
  estimate: bigint;
  createdAt: Date;
};

/** Records the task's progress every {@link TASK_HEARTBEAT_MS}; a failed write is logged. */
function startHeartbeat(record: () => Promise<unknown>, logger: Logger, taskId: string): NodeJS.Timeout {
  const timer = setInterval(() => {
    record().catch((error: unknown) => logger.warn({ err: error, taskId }, 'could not record task progress'));
  }, TASK_HEARTBEAT_MS);
  timer.unref();
  return timer;
}

/** The dispatch as it ended: the node's stream, or why no node took the task. */
type Dispatched = { ok: true; stream: DispatchStream } | { ok: false; error: unknown };

/**
 * Reserves the task's estimate while the task is already on its way to a node: the node's hop
 * overlaps the reservation's commit instead of following it. No token can reach the client before
 * the reservation is durable, since the caller reads the node's stream only once this returns. A
 * refused reservation cancels the dispatch (the node stops at once and is paid nothing: no token
 * of it was delivered) and is thrown.
 *
 * @returns the reservation, and the dispatch, which never rejects.
 */
async function reserveWhileDispatching(
  deps: InferenceDependencies,
  input: StartInferenceInput,
  span: ReturnType<typeof traceInference>,
  hop: TracedStep,
  terms: TaskTerms,
): Promise<{ reservationId: string; dispatching: Promise<Dispatched> }> {
  const cancel = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, cancel.signal]) : cancel.signal;
  const dispatching = deps
    .dispatch({ ...input.request, taskId: terms.taskId, minVramGb: terms.model.minVramGb, signal })
    .then(
      (stream): Dispatched => ({ ok: true, stream }),
      (error: unknown): Dispatched => ({ ok: false, error }),
    );
  try {
    const reservationId = await reserveTask(deps, input, terms);
    return { reservationId, dispatching };
  } catch (error) {
    cancel.abort(error);
    hop.fail(error);
    span.fail(error);
    throw error;
  }
}

/**
 * Reserves the estimate from the user's balance and writes the task row alongside, within the
 * user's on-chain spending authorization when the chain is configured.
 */
function reserveTask(deps: InferenceDependencies, input: StartInferenceInput, terms: TaskTerms) {
  const { request } = input;
  const { taskId, model, promptTokens, estimate, createdAt } = terms;
  const recoverable = surchargeReservationMetadata(input.surcharge);
  return reserveTaskRow(
    deps,
    { userId: input.userId, walletAddress: input.walletAddress },
    {
      amount: estimate,
      metadata: { taskId, model: model.id, promptTokens, maxTokens: request.maxTokens, ...recoverable },
      row: {
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
        createdAt,
        heartbeatAt: createdAt,
      },
    },
  );
}

/**
 * Durable progress: if this process dies, or cannot record the outcome, recovery bills what the
 * row says was delivered and pays the node on record. Once dispatched, the same statement marks
 * the task running on its node (a recovery pays that node). The count only grows, so a periodic
 * write landing late cannot undo a later one, and a write landing after the settlement changes
 * nothing. A response that is not streamed has delivered nothing until it is sent (pass 0).
 */
async function recordTaskProgress(db: Db, taskId: string, state: TaskState, delivered: number) {
  const { nodeId, startedAt } = state;
  const node = nodeId ? (await findPayableNodes(db, [nodeId])).get(nodeId) : undefined;
  return db
    .update(inferenceTasks)
    .set({
      tokensGenerated: sql`greatest(coalesce(${inferenceTasks.tokensGenerated}, 0), ${delivered})`,
      heartbeatAt: new Date(),
      ...(nodeId && startedAt
        ? {
            status: 'running' as const,
            nodeId: node?.id ?? null,
            startedAt: sql`coalesce(${inferenceTasks.startedAt}, ${startedAt.toISOString()}::timestamptz)`,
          }
        : {}),
    })
    .where(and(eq(inferenceTasks.id, taskId), inArray(inferenceTasks.status, ['pending', 'running'])));
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
