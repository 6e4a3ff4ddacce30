import type { FinishInferenceTaskParams, InferenceOutcome } from './finishInferenceTask.js';
import type { planPayouts } from './planPayouts.js';

/** What a billed task leaves in the inference log: the request, timings, cost and who served it. */
type BilledTask = {
  billedTokens: number;
  latency: number;
  completedAt: Date;
  charge: bigint;
  costUsd: string;
  payouts: Awaited<ReturnType<typeof planPayouts>>;
  status: InferenceOutcome['status'];
  failureReason: string | undefined;
};

/**
 * The inference log document of a billed task (written after the bill commits, on its own).
 *
 * @param params - the task as it was finished.
 * @param billed - what it was billed and who served it.
 */
export function inferenceLogDocument(params: FinishInferenceTaskParams, billed: BilledTask) {
  const { taskId, model, promptTokens, delivered, result } = params;
  const { billedTokens, latency, completedAt, charge, costUsd, payouts, status, failureReason } = billed;
  const split = payouts.total;
  return {
    taskId,
    userId: params.userId,
    nodeId: params.nodeId || null,
    model: model.id,
    prompt: params.request.messages ?? params.request.prompt ?? '',
    metadata: {
      tokensUsed: billedTokens,
      promptTokens,
      completionTokens: delivered,
      nodeClaimedCompletionTokens: result?.nodeClaimedUsage?.completionTokens ?? null,
      temperature: params.request.temperature,
      topP: params.request.topP ?? null,
      latency,
    },
    timestamps: {
      created: params.createdAt.toISOString(),
      started: params.firstTokenAt ? new Date(params.firstTokenAt).toISOString() : null,
      completed: completedAt.toISOString(),
    },
    performance: {
      tokensPerSecond:
        params.firstTokenAt && delivered > 1
          ? (delivered - 1) / ((completedAt.getTime() - params.firstTokenAt) / 1000)
          : null,
      firstTokenLatency: params.firstTokenAt ? params.firstTokenAt - params.createdAt.getTime() : null,
      totalLatency: latency,
    },
    cost: {
      farWei: charge.toString(),
      usd: costUsd,
      split: { node: String(split.node), stakers: String(split.stakers), treasury: String(split.treasury) },
    },
    segments: payouts.parts.map((p) => ({
      nodeId: p.nodeId,
      tokens: p.tokens,
      amountWei: p.amount.toString(),
    })),
    status,
    failure: failureReason ?? null,
  };
}
