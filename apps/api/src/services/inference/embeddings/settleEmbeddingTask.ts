import { type Db, gpuNodes, inferenceTasks, revenueStreams } from '@far/db';
import { toStorableText } from '@far/protocol';
import { eq, sql } from 'drizzle-orm';
import type { EmbeddingDispatchResult } from '../../../dispatch/dispatchEmbeddingTask.js';
import { settleReservation } from '../../../ledger/settleReservation.js';
import type { ModelSpec } from '../../../models/ModelSpec.js';
import type { InferencePublisher } from '../createTaskUpdatePublisher.js';
import { type PayoutSplit, planPayouts } from '../planPayouts.js';
import { taskCostUsd } from '../priceTokens.js';

export type SettleEmbeddingTaskParams = {
  taskId: string;
  reservationId: string;
  model: ModelSpec;
  /** The coordinator's count: what the caller pays for. */
  promptTokens: number;
  /** The price of `promptTokens`, exactly what was reserved. */
  cost: bigint;
  createdAt: Date;
  /** The node's answer; undefined when the task failed (nothing is charged). */
  result: EmbeddingDispatchResult | undefined;
  failure: unknown;
  /** Rows that commit with the charge when the vectors came back (a batch request's result). */
  alongside?: ((tx: Db, charge: EmbeddingCharge) => Promise<void>) | undefined;
};

export type EmbeddingCharge = {
  costFarWei: bigint;
  costUsd: string;
  split: PayoutSplit;
};

/**
 * Bills an embeddings task in one ledger transaction, through the path chat tasks take: closes the
 * reservation at the price of the prompt tokens (nothing when no node answered, since the caller
 * received nothing), splits the charge 60 / 20 / 20 with the node's performance adjustment, and
 * writes the task's outcome, the node owner's revenue row and the node's totals alongside. The
 * settlement batcher then collects it on chain like any inference charge.
 *
 * @param db - the root database handle.
 * @param params - the task, its price and how it ended.
 * @param publisher - where the node owner's `revenue:updates` goes.
 * @returns what was charged and how it was split.
 */
export async function settleEmbeddingTask(
  db: Db,
  params: SettleEmbeddingTaskParams,
  publisher?: InferencePublisher | undefined,
): Promise<EmbeddingCharge> {
  const { taskId, result, promptTokens } = params;
  const charge = result ? params.cost : 0n;
  const payouts = await planPayouts(db, {
    charge,
    segments: result ? [{ nodeId: result.nodeId, tokens: promptTokens }] : [],
    score: () => Math.round(result?.score ?? 0),
  });
  const part = payouts.parts[0];
  const paidNode = part?.node && part.split.node > 0n ? part.node : undefined;
  const costUsd = charge === 0n ? '0' : taskCostUsd(params.model, { promptTokens, completionTokens: 0 });
  const completedAt = new Date();
  const failureReason = params.failure
    ? toStorableText(
        params.failure instanceof Error ? params.failure.message.slice(0, 500) : String(params.failure),
      )
    : null;
  await settleReservation(db, {
    reservationId: params.reservationId,
    actual: charge,
    split: { ...(part?.node ? { nodeId: part.node.id } : {}), ...payouts.total },
    idempotencyKey: `task:${taskId}:settle`,
    metadata: { taskId, promptTokens, completionTokens: 0, kind: 'embeddings' },
    alongside: async (tx) => {
      if (paidNode?.ownerUserId) {
        await tx.insert(revenueStreams).values({
          streamType: 'inference_node',
          service: 'inference',
          userId: paidNode.ownerUserId,
          amountFarWei: payouts.total.node,
          taskId,
        });
      }
      if (paidNode) {
        await tx
          .update(gpuNodes)
          .set({
            tasksCompleted: sql`${gpuNodes.tasksCompleted} + 1`,
            totalEarnedWei: sql`${gpuNodes.totalEarnedWei} + ${payouts.total.node.toString()}::numeric`,
          })
          .where(eq(gpuNodes.id, paidNode.id));
      }
      await tx
        .update(inferenceTasks)
        .set({
          status: result ? 'completed' : 'failed',
          nodeId: part?.node?.id ?? null,
          tokensGenerated: 0,
          completionTokens: 0,
          costFarWei: charge,
          costUsd,
          nodeShareWei: payouts.total.node,
          stakersShareWei: payouts.total.stakers,
          treasuryShareWei: payouts.total.treasury,
          failureReason,
          completedAt,
          responseTimeMs: completedAt.getTime() - params.createdAt.getTime(),
        })
        .where(eq(inferenceTasks.id, taskId));
      if (result) await params.alongside?.(tx, { costFarWei: charge, costUsd, split: payouts.total });
    },
  });
  if (paidNode) {
    publisher?.publish('revenue:updates', {
      walletAddress: paidNode.owner,
      streamType: 'inference_node',
      amountFarWei: payouts.total.node.toString(),
      taskId,
      at: completedAt.toISOString(),
    });
  }
  return { costFarWei: charge, costUsd, split: payouts.total };
}
