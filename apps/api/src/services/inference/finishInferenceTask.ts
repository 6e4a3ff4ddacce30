import {
  type CachedStatement,
  cachedRowInsert,
  cachedRowUpdate,
  type Db,
  gpuNodes,
  inferenceTasks,
  revenueStreams,
} from '@far/db';
import { type InferenceRequest, toStorableText } from '@far/protocol';
import { eq, sql } from 'drizzle-orm';
import type { DispatchResult } from '../../dispatch/dispatchTypes.js';
import type { GroupCommit } from '../../ledger/createGroupCommit.js';
import { smallerWei } from '../../ledger/smallerWei.js';
import type { ModelSpec } from '../../models/ModelSpec.js';
import type { Logger } from '../../observability/createLogger.js';
import type { InferencePublisher, TaskUpdatePublisher } from './createTaskUpdatePublisher.js';
import { type InferenceSurcharge, type SurchargeSplit, surchargeWei } from './InferenceSurcharge.js';
import { inferenceLogDocument } from './inferenceLogDocument.js';
import { NEUTRAL_SCORE, type PayoutPart, type PayoutSplit, planPayouts } from './planPayouts.js';
import { postTaskCharge, type TaskOutcomeRows } from './postTaskCharge.js';
import { taskCostUsd, taskCostWei } from './priceTokens.js';
import { writeInferenceLog } from './writeInferenceLog.js';

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
  /** The surcharge charged on top of `costFarWei` in the same posting, when the task had one. */
  surcharge?: { amount: bigint; split: SurchargeSplit };
  failure?: string;
};

/**
 * Rows a caller writes in the transaction that bills a task, given its outcome (a batch request's
 * result): they commit with the charge or not at all, and throwing rolls the charge back.
 */
export type SettleAlongside = (tx: Db, outcome: InferenceOutcome) => Promise<void>;

export type FinishInferenceTaskParams = {
  taskId: string;
  reservationId: string;
  userId: string;
  model: ModelSpec;
  /** FAR/USD (8 decimals) the task was priced at. */
  price: bigint;
  promptTokens: number;
  /** What was reserved (surcharge included): the charge never exceeds it. */
  estimate: bigint;
  /** A price per token on top of the model's, with the part of `estimate` reserved for it. */
  surcharge?: (InferenceSurcharge & { estimate: bigint }) | undefined;
  request: Pick<InferenceRequest, 'messages' | 'prompt' | 'temperature' | 'topP'>;
  createdAt: Date;
  /** When the node took the task (the row's `started_at`, which a short task gets only here). */
  startedAt?: Date | undefined;
  firstTokenAt: number | undefined;
  /** Tokens the coordinator counted and passed on. */
  delivered: number;
  /** The node the task was dispatched to ('' when it never reached one). */
  nodeId: string;
  result: DispatchResult | undefined;
  failure: unknown;
  cancelled: boolean;
  /** A node's live score (0..100), which sets its payment adjustment. */
  nodeScore: (nodeId: string) => number | undefined;
  updates: TaskUpdatePublisher;
  publisher: InferencePublisher | undefined;
  /** Where a failed log write is reported (the bill commits without it). */
  logger: Logger;
  alongside?: SettleAlongside | undefined;
  /**
   * Commits the settlement of a task served by one node together with other tasks' (see
   * createGroupCommit); without it each settlement is a transaction of its own.
   */
  groupCommit?: GroupCommit | undefined;
};

/**
 * Bills a finished (completed, failed or cancelled) task in one database transaction: charges
 * exactly the tokens delivered (never more than reserved; nothing when nothing was delivered),
 * releases the rest, splits the charge among the nodes that served it with each one's performance
 * adjustment, and writes the task's outcome, the node owners' revenue rows and the nodes' totals.
 * Then it writes the inference log and publishes the final `inference:updates` chunk and
 * `revenue:updates`.
 *
 * A task served by one node (the common case) is one ledger transaction with its rows written
 * alongside, in the settlement's postings statement (see TaskOutcomeRows); given `groupCommit`, that
 * transaction is shared with the other tasks settling at the same moment, and this resolves once
 * it has committed. A failed-over task captures each earlier node's part first, inside a
 * transaction of its own.
 *
 * Nothing about the text of the request or the answer can fail the bill: the only text in the
 * money transaction is the failure reason (a node's own words), stored cleaned by
 * `toStorableText`, and the log document, which holds the prompt, is written after the bill
 * commits, on its own (see {@link writeInferenceLog}).
 *
 * @param db - the root database handle.
 * @param params - the task, what was delivered and by whom, and how it ended.
 * @returns the outcome as billed.
 * @example
 * const outcome = await finishInferenceTask(db, { taskId, reservationId, delivered, result, ... });
 */
export async function finishInferenceTask(
  db: Db,
  params: FinishInferenceTaskParams,
): Promise<InferenceOutcome> {
  const { taskId, model, promptTokens, delivered, result, failure, cancelled } = params;
  const surchargeEstimate = params.surcharge?.estimate ?? 0n;
  const costFarWei = smallerWei(
    taskCostWei(model, { promptTokens, completionTokens: delivered }, params.price),
    params.estimate - surchargeEstimate,
  );
  // Nothing delivered and nothing served: the user owes nothing, not even the prompt.
  const charge = delivered === 0 ? 0n : costFarWei;
  const surcharge = chargeSurcharge(params, delivered === 0 ? 0 : promptTokens + delivered);
  const payouts = await planPayouts(db, {
    charge,
    segments: result?.segments?.length
      ? result.segments
      : params.nodeId
        ? [{ nodeId: params.nodeId, tokens: delivered }]
        : [],
    // A node that died mid-stream has left the registry; its segment carries the score its
    // failure earned, so the drop shows in its payment instead of a neutral default.
    score: (id) =>
      Math.round(
        params.nodeScore(id) ?? result?.segments?.find((s) => s.nodeId === id)?.score ?? NEUTRAL_SCORE,
      ),
  });
  const split = payouts.total;
  const status: InferenceOutcome['status'] = cancelled ? 'cancelled' : failure ? 'failed' : 'completed';
  const finishReason: InferenceOutcome['finishReason'] = cancelled
    ? 'cancelled'
    : failure
      ? 'error'
      : result?.finishReason === 'length'
        ? 'length'
        : 'stop';
  const billedTokens = charge === 0n ? 0 : promptTokens + delivered;
  const costUsd = taskCostUsd(model, {
    promptTokens: charge === 0n ? 0 : promptTokens,
    completionTokens: charge === 0n ? 0 : delivered,
  });
  // A node's error message is part of the reason: text the node chose, which must not fail the bill.
  const failureReason = failure
    ? toStorableText(failure instanceof Error ? failure.message.slice(0, 500) : String(failure))
    : undefined;
  const completedAt = new Date();
  const latency = completedAt.getTime() - params.createdAt.getTime();
  const outcome: InferenceOutcome = {
    taskId,
    nodeId: params.nodeId,
    status,
    finishReason,
    promptTokens,
    completionTokens: delivered,
    nodeClaimedCompletionTokens: result?.nodeClaimedUsage?.completionTokens,
    costFarWei: charge,
    costUsd,
    split,
    ...(surcharge ? { surcharge } : {}),
    ...(failureReason ? { failure: failureReason } : {}),
  };
  const { alongside, surcharge: recordable } = params;
  const outcomeRows: TaskOutcomeRows = {
    statements: (tx) =>
      outcomeStatements(tx, params, {
        payouts: payouts.parts,
        split,
        charge,
        status,
        costUsd,
        failureReason,
        completedAt,
      }),
    rest:
      (surcharge && recordable) || alongside
        ? async (tx) => {
            if (surcharge) await recordable?.record(tx, { taskId, tokens: billedTokens, ...surcharge });
            await alongside?.(tx, outcome);
          }
        : undefined,
  };

  await postTaskCharge(db, params, payouts, outcomeRows, surcharge);

  const logged = writeInferenceLog(db, params.logger, {
    taskId,
    userId: params.userId,
    nodeId: payouts.parts.at(-1)?.node?.id ?? null,
    doc: inferenceLogDocument(params, {
      billedTokens,
      latency,
      completedAt,
      charge,
      costUsd,
      payouts,
      status,
      failureReason,
    }),
  });
  params.updates.finish({
    finishReason,
    usage: { promptTokens, completionTokens: delivered, costFarWei: charge.toString() },
  });
  for (const part of payouts.parts) {
    if (!part.node || part.split.node === 0n) continue;
    params.publisher?.publish('revenue:updates', {
      walletAddress: part.node.owner,
      streamType: 'inference_node',
      amountFarWei: part.split.node.toString(),
      taskId,
      at: completedAt.toISOString(),
    });
  }
  await logged;
  return outcome;
}

/**
 * The surcharge for the billed tokens, capped by what was reserved for it, and its split; none
 * when the task has no surcharge or nothing was billed.
 */
function chargeSurcharge(params: FinishInferenceTaskParams, billedTokens: number) {
  if (!params.surcharge || billedTokens === 0) return undefined;
  const amount = smallerWei(
    surchargeWei(billedTokens, params.surcharge.weiPerMillionTokens),
    params.surcharge.estimate,
  );
  if (amount === 0n) return undefined;
  const split = params.surcharge.split(amount);
  if (split.creator + split.stakers + split.treasury !== amount || split.creator < 0n) {
    throw new Error(`surcharge split does not sum to ${amount}`);
  }
  return { amount, split };
}

/**
 * The task's outcome, each paid node's revenue row and totals: statements the settlement sends in
 * its postings' round trip (data-modifying CTEs), inside the settlement's transaction.
 */
function outcomeStatements(
  tx: Db,
  params: FinishInferenceTaskParams,
  outcome: {
    payouts: PayoutPart[];
    split: PayoutSplit;
    charge: bigint;
    status: InferenceOutcome['status'];
    costUsd: string;
    failureReason: string | undefined;
    completedAt: Date;
  },
): CachedStatement[] {
  const { taskId, delivered } = params;
  const { split, completedAt } = outcome;
  const lastNode = outcome.payouts.at(-1)?.node;
  const paid = outcome.payouts.filter(
    (p): p is PayoutPart & { node: NonNullable<PayoutPart['node']> } =>
      p.node !== undefined && p.split.node > 0n,
  );
  // A node that served twice (failed over and back) is one row to update: its totals add up.
  const earned = new Map<string, { parts: number; wei: bigint }>();
  for (const part of paid) {
    const total = earned.get(part.node.id) ?? { parts: 0, wei: 0n };
    earned.set(part.node.id, { parts: total.parts + 1, wei: total.wei + part.split.node });
  }
  const revenue = paid.filter((p) => p.node.ownerUserId !== undefined);

  // Each a statement rendered once per shape (see settleReservation's `alongsideStatements`).
  const statements: CachedStatement[] = revenue.map((part, i) =>
    cachedRowInsert(
      tx,
      revenueStreams,
      {
        streamType: 'inference_node',
        service: 'inference',
        userId: part.node.ownerUserId as string,
        amountFarWei: part.split.node,
        taskId,
      },
      `revenue${i}`,
    ),
  );
  for (const [i, [nodeId, total]] of [...earned].entries()) {
    const name = (field: string) => `earned${i}_${field}`;
    statements.push({
      key: `finish:node-earned:${i}`,
      build: () =>
        tx
          .update(gpuNodes)
          .set({
            tasksCompleted: sql`${gpuNodes.tasksCompleted} + ${sql.placeholder(name('parts'))}::int`,
            totalEarnedWei: sql`${gpuNodes.totalEarnedWei} + ${sql.placeholder(name('wei'))}::numeric`,
          })
          .where(eq(gpuNodes.id, sql.placeholder(name('node')))),
      values: { [name('parts')]: total.parts, [name('wei')]: total.wei.toString(), [name('node')]: nodeId },
    });
  }
  statements.push(
    cachedRowUpdate(
      tx,
      inferenceTasks,
      inferenceTasks.id,
      taskId,
      {
        status: outcome.status,
        ...(params.startedAt ? { startedAt: params.startedAt } : {}),
        nodeId: lastNode?.id ?? null,
        tokensGenerated: delivered,
        completionTokens: delivered,
        costFarWei: outcome.charge,
        costUsd: outcome.costUsd,
        nodeShareWei: split.node,
        stakersShareWei: split.stakers,
        treasuryShareWei: split.treasury,
        failureReason: outcome.failureReason ?? null,
        completedAt,
        responseTimeMs: completedAt.getTime() - params.createdAt.getTime(),
      },
      'outcome',
    ),
  );
  return statements;
}
