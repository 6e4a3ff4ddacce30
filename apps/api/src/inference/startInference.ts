import { randomUUID } from 'node:crypto';
import { type Db, gpuNodes, inferenceLogs, inferenceTasks, revenueStreams, users } from '@far/db';
import type { NodeChatMessage } from '@far/protocol';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { BaseError } from '../errors/BaseError.js';
import { capture } from '../ledger/capture.js';
import { getBalances } from '../ledger/getBalances.js';
import { reserve } from '../ledger/reserve.js';
import { settleReservation } from '../ledger/settleReservation.js';
import type { DispatchRequest, DispatchResult, DispatchStream } from '../nodes/dispatchTask.js';
import type { Logger } from '../observability/createLogger.js';
import { getModelSpec, type ModelSpec } from '../scheduler/modelRegistry.js';
import { countPromptTokens } from './countPromptTokens.js';
import { NEUTRAL_SCORE, planPayouts } from './planPayouts.js';
import { tokensCostUsd, tokensCostWei } from './priceTokens.js';

/** How often a running task records its delivered tokens and proves its coordinator is alive. */
export const TASK_HEARTBEAT_MS = 1_000;

/** Where events about a task go (the bus); fire-and-forget. */
export type InferencePublisher = { publish(channel: string, message: unknown): unknown };

export type InferenceDependencies = {
  db: Db;
  dispatch: (request: DispatchRequest) => Promise<DispatchStream>;
  /** A node's current reliability score (0..100), which sets its ±10 % payment adjustment. */
  nodeScore: (nodeId: string) => number | undefined;
  /** FAR/USD with 8 decimals, from the chain's price feed. */
  farUsdPrice: () => Promise<bigint>;
  publisher?: InferencePublisher | undefined;
  /**
   * How much more the user's signed spending authorization lets the settlement batcher charge.
   * Without it (no chain configured) charges are only bounded by the ledger balance.
   */
  spendingHeadroom?:
    | ((user: { userId: string; walletAddress: `0x${string}` }) => Promise<bigint>)
    | undefined;
  logger: Logger;
};

export type InferenceRequest = {
  userId: string;
  walletAddress: `0x${string}`;
  apiKeyId?: string | undefined;
  model: string;
  messages?: NodeChatMessage[] | undefined;
  prompt?: string | undefined;
  maxTokens: number;
  temperature: number;
  topP?: number | undefined;
  seed?: number | undefined;
  stop?: string[] | undefined;
  /** Aborted when the client goes away: the node is told to stop, the user pays for what was delivered. */
  signal?: AbortSignal | undefined;
};

export type InferenceOutcome = {
  taskId: string;
  nodeId: string;
  status: 'completed' | 'failed' | 'cancelled';
  finishReason: 'stop' | 'length' | 'cancelled' | 'error';
  promptTokens: number;
  /** Tokens the coordinator counted and passed to the client: what the user pays for. */
  completionTokens: number;
  /** What the node claimed, for audit; never billed. */
  nodeClaimedCompletionTokens: number | undefined;
  costFarWei: bigint;
  costUsd: string;
  split: { node: bigint; stakers: bigint; treasury: bigint };
  failure?: string;
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
 * them, and finally, in one database transaction, charges exactly the tokens delivered (never more
 * than reserved), releases the rest, splits the charge 60/20/20 with the node's performance
 * adjustment, and writes the task row, revenue row and inference log.
 *
 * @throws BaseError `not_found` (unknown model), `insufficient_balance` (402), `no_node_available` (503).
 */
export async function startInference(
  deps: InferenceDependencies,
  request: InferenceRequest,
): Promise<InferenceRun> {
  const { db, logger } = deps;
  const model = getModelSpec(request.model);
  if (!model) throw new BaseError('not_found', `Model ${request.model} is not offered; see GET /v1/models`);
  const price = await deps.farUsdPrice().catch((error: unknown) => {
    throw new BaseError('service_unavailable', 'The FAR/USD price feed is unavailable; try again shortly', {
      cause: error,
    });
  });
  const promptTokens = countPromptTokens(request);
  const estimate = tokensCostWei(promptTokens + request.maxTokens, model.priceUsdPer1M, price);
  if (deps.spendingHeadroom) {
    // Open reservations will become charges too: they count against the authorization now.
    const [headroom, balances] = await Promise.all([
      deps.spendingHeadroom({ userId: request.userId, walletAddress: request.walletAddress }),
      getBalances(db, request.userId),
    ]);
    if (headroom - balances.reserved < estimate) {
      throw new BaseError(
        'spending_authorization_required',
        headroom === 0n
          ? 'Sign a spending authorization first (GET /api/spending-authorization/typed-data, then POST /api/spending-authorization): settlement on chain needs it'
          : `Your spending authorization has ${headroom - balances.reserved} wei of headroom left, this request may cost ${estimate} wei; sign a new one with a higher cap`,
        {
          details: {
            headroomWei: (headroom - balances.reserved).toString(),
            requiredWei: estimate.toString(),
          },
        },
      );
    }
  }
  const taskId = randomUUID();
  const createdAt = new Date();

  const reservationId = await db.transaction(async (tx) => {
    await tx.insert(inferenceTasks).values({
      id: taskId,
      taskId,
      userId: request.userId,
      apiKeyId: request.apiKeyId,
      modelName: model.id,
      prompt: request.messages ? JSON.stringify(request.messages) : (request.prompt ?? ''),
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      promptTokens,
      status: 'pending',
      createdAt,
      heartbeatAt: createdAt,
    });
    const reservation = await reserve(tx, {
      userId: request.userId,
      amount: estimate,
      idempotencyKey: `task:${taskId}:reserve`,
      metadata: { taskId, model: model.id, promptTokens, maxTokens: request.maxTokens },
    });
    await tx
      .update(inferenceTasks)
      .set({ reservationId: reservation.reservationId })
      .where(eq(inferenceTasks.id, taskId));
    return reservation.reservationId;
  });

  let delivered = 0;
  let nodeId = '';
  let firstTokenAt: number | undefined;
  let finalized: Promise<InferenceOutcome> | undefined;

  const finalize = (result: DispatchResult | undefined, failure: unknown, cancelled: boolean) => {
    finalized ??= (async () => {
      const costFarWei = minBigint(
        tokensCostWei(promptTokens + delivered, model.priceUsdPer1M, price),
        estimate,
      );
      // Nothing delivered and nothing served: the user owes nothing, not even the prompt.
      const charge = delivered === 0 ? 0n : costFarWei;
      const payouts = await planPayouts(db, {
        charge,
        segments: result?.segments?.length ? result.segments : nodeId ? [{ nodeId, tokens: delivered }] : [],
        // A node that died mid-stream has left the registry; its segment carries the score its
        // failure earned, so the drop shows in its payment instead of a neutral default.
        score: (id) =>
          Math.round(
            deps.nodeScore(id) ?? result?.segments?.find((s) => s.nodeId === id)?.score ?? NEUTRAL_SCORE,
          ),
      });
      const split = payouts.total;
      const lastNode = payouts.parts.at(-1)?.node;
      const status: InferenceOutcome['status'] = cancelled ? 'cancelled' : failure ? 'failed' : 'completed';
      const finishReason: InferenceOutcome['finishReason'] = cancelled
        ? 'cancelled'
        : failure
          ? 'error'
          : result?.finishReason === 'length'
            ? 'length'
            : 'stop';
      const billedTokens = charge === 0n ? 0 : promptTokens + delivered;
      const costUsd = tokensCostUsd(billedTokens, model.priceUsdPer1M);
      const failureReason =
        failure instanceof Error ? failure.message.slice(0, 500) : failure ? String(failure) : undefined;
      const completedAt = new Date();
      await db.transaction(async (tx) => {
        // One ledger posting per serving node (a failed-over task has several), the last one
        // closing the reservation; the settlement batcher credits each node its own share.
        const parts = payouts.parts.length > 0 ? payouts.parts : [{ node: undefined, amount: 0n, split }];
        for (const [i, part] of parts.entries()) {
          const posting = {
            reservationId,
            split: { ...(part.node ? { nodeId: part.node.id } : {}), ...part.split },
            metadata: { taskId, promptTokens, completionTokens: delivered, part: i },
          };
          if (i < parts.length - 1) {
            await capture(tx, {
              ...posting,
              amount: part.amount,
              idempotencyKey: `task:${taskId}:settle:${i}`,
            });
          } else {
            await settleReservation(tx, {
              ...posting,
              actual: part.amount,
              idempotencyKey: `task:${taskId}:settle`,
            });
          }
        }
        await tx
          .update(inferenceTasks)
          .set({
            status,
            nodeId: lastNode?.id ?? null,
            tokensGenerated: delivered,
            completionTokens: delivered,
            costFarWei: charge,
            costUsd,
            nodeShareWei: split.node,
            stakersShareWei: split.stakers,
            treasuryShareWei: split.treasury,
            failureReason: failureReason ?? null,
            completedAt,
            responseTimeMs: completedAt.getTime() - createdAt.getTime(),
          })
          .where(eq(inferenceTasks.id, taskId));
        for (const part of payouts.parts) {
          if (!part.node || part.split.node === 0n) continue;
          const [owner] = await tx
            .select({ id: users.id })
            .from(users)
            .where(eq(users.walletAddress, part.node.owner));
          if (owner) {
            await tx.insert(revenueStreams).values({
              streamType: 'inference_node',
              userId: owner.id,
              amountFarWei: part.split.node,
              taskId,
            });
          }
          await tx
            .update(gpuNodes)
            .set({
              tasksCompleted: sql`${gpuNodes.tasksCompleted} + 1`,
              totalEarnedWei: sql`${gpuNodes.totalEarnedWei} + ${part.split.node.toString()}::numeric`,
            })
            .where(eq(gpuNodes.id, part.node.id));
        }
        await tx.insert(inferenceLogs).values({
          taskId,
          userId: request.userId,
          nodeId: lastNode?.id ?? null,
          doc: {
            taskId,
            userId: request.userId,
            nodeId: nodeId || null,
            model: model.id,
            prompt: request.messages ?? request.prompt ?? '',
            metadata: {
              tokensUsed: billedTokens,
              promptTokens,
              completionTokens: delivered,
              nodeClaimedCompletionTokens: result?.nodeClaimedUsage?.completionTokens ?? null,
              temperature: request.temperature,
              topP: request.topP ?? null,
              latency: completedAt.getTime() - createdAt.getTime(),
            },
            timestamps: {
              created: createdAt.toISOString(),
              started: firstTokenAt ? new Date(firstTokenAt).toISOString() : null,
              completed: completedAt.toISOString(),
            },
            performance: {
              tokensPerSecond:
                firstTokenAt && delivered > 1
                  ? (delivered - 1) / ((completedAt.getTime() - firstTokenAt) / 1000)
                  : null,
              firstTokenLatency: firstTokenAt ? firstTokenAt - createdAt.getTime() : null,
              totalLatency: completedAt.getTime() - createdAt.getTime(),
            },
            cost: { farWei: charge.toString(), usd: costUsd, split: mapValues(split, String) },
            segments: payouts.parts.map((p) => ({
              nodeId: p.nodeId,
              tokens: p.tokens,
              amountWei: p.amount.toString(),
            })),
            status,
            failure: failureReason ?? null,
          },
        });
      });
      const outcome: InferenceOutcome = {
        taskId,
        nodeId,
        status,
        finishReason,
        promptTokens,
        completionTokens: delivered,
        nodeClaimedCompletionTokens: result?.nodeClaimedUsage?.completionTokens,
        costFarWei: charge,
        costUsd,
        split,
        ...(failureReason ? { failure: failureReason } : {}),
      };
      deps.publisher?.publish('inference:updates', {
        taskId,
        userId: request.userId,
        seq: delivered,
        text: '',
        done: true,
        finishReason,
        usage: { promptTokens, completionTokens: delivered, costFarWei: charge.toString() },
      });
      for (const part of payouts.parts) {
        if (!part.node || part.split.node === 0n) continue;
        deps.publisher?.publish('revenue:updates', {
          walletAddress: part.node.owner,
          streamType: 'inference_node',
          amountFarWei: part.split.node.toString(),
          taskId,
          at: completedAt.toISOString(),
        });
      }
      return outcome;
    })().catch((error: unknown) => {
      // The money must never be left half-done silently: this is logged loudly and the
      // reservation stays open for the restart recovery to close.
      logger.error({ err: error, taskId }, 'failed to record inference outcome');
      throw error;
    });
    return finalized;
  };

  let stream: DispatchStream;
  try {
    stream = await deps.dispatch({
      taskId,
      model: model.id,
      messages: request.messages,
      prompt: request.prompt,
      maxTokens: request.maxTokens,
      temperature: request.temperature,
      topP: request.topP,
      seed: request.seed,
      stop: request.stop,
      minVramGb: model.minVramGb,
      signal: request.signal,
    });
  } catch (error) {
    await finalize(undefined, error, false).catch(() => {});
    throw error;
  }
  nodeId = stream.nodeId;
  await db
    .update(inferenceTasks)
    .set({
      status: 'running',
      startedAt: new Date(),
      heartbeatAt: new Date(),
      nodeId: sql`(select ${gpuNodes.id} from ${gpuNodes} where ${gpuNodes.nodeId} = ${stream.nodeId})`,
    })
    .where(eq(inferenceTasks.id, taskId));
  // Durable progress: if this process dies, recovery bills what these rows say was delivered.
  const progress = setInterval(() => {
    db.update(inferenceTasks)
      .set({ tokensGenerated: delivered, heartbeatAt: new Date() })
      .where(and(eq(inferenceTasks.id, taskId), inArray(inferenceTasks.status, ['pending', 'running'])))
      .catch((error: unknown) => logger.warn({ err: error, taskId }, 'could not record task progress'));
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
        delivered += 1;
        deps.publisher?.publish('inference:updates', {
          taskId,
          userId: request.userId,
          seq: token.seq,
          text: token.text,
        });
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
        (!completed && !failure) || Boolean(request.signal?.aborted) || result?.finishReason === 'cancelled';
      clearInterval(progress);
      finalize(result, cancelled ? undefined : failure, cancelled).then(resolveOutcome, rejectOutcome);
    }
    if (failure) throw failure;
  }

  return { taskId, nodeId, model, promptTokens, tokens: tokens(), outcome };
}

function minBigint(a: bigint, b: bigint) {
  return a < b ? a : b;
}

function mapValues<T extends Record<string, unknown>, R>(object: T, fn: (v: T[keyof T]) => R) {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, fn(v as T[keyof T])])) as {
    [K in keyof T]: R;
  };
}
