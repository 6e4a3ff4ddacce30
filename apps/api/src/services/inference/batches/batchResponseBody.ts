import type { InferenceOutcome } from '../finishInferenceTask.js';
import { formatFixed } from '../priceTokens.js';
import type { BatchEndpoint } from './batchLimits.js';

/** The FAR cost of one request, as the interactive responses' `far` field gives it. */
export function batchFarCost(charge: {
  taskId: string;
  nodeId: string;
  costFarWei: bigint;
  costUsd: string;
  split: { node: bigint; stakers: bigint; treasury: bigint };
}) {
  return {
    task_id: charge.taskId,
    node_id: charge.nodeId,
    cost_far_wei: charge.costFarWei.toString(),
    cost_far: formatFixed(charge.costFarWei, 18),
    cost_usd: charge.costUsd,
    split_wei: {
      node: charge.split.node.toString(),
      stakers: charge.split.stakers.toString(),
      treasury: charge.split.treasury.toString(),
    },
  };
}

/**
 * The body a completed chat or text completion request returns in the output file: the same
 * object the interactive endpoint answers (`chat.completion` or `text_completion`), with its usage
 * and FAR cost.
 *
 * @param url - the endpoint the request called.
 * @param model - the model id the request named.
 * @param text - the whole answer.
 * @param outcome - the task as billed.
 */
export function completionResponseBody(
  url: Exclude<BatchEndpoint, '/v1/embeddings'>,
  model: string,
  text: string,
  outcome: InferenceOutcome,
) {
  const chat = url === '/v1/chat/completions';
  const finishReason = outcome.finishReason === 'length' ? 'length' : 'stop';
  return {
    id: `${chat ? 'chatcmpl' : 'cmpl'}-${outcome.taskId}`,
    object: chat ? 'chat.completion' : 'text_completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      chat
        ? {
            index: 0,
            message: { role: 'assistant', content: text },
            finish_reason: finishReason,
            logprobs: null,
          }
        : { index: 0, text, finish_reason: finishReason, logprobs: null },
    ],
    usage: {
      prompt_tokens: outcome.promptTokens,
      completion_tokens: outcome.completionTokens,
      total_tokens: outcome.promptTokens + outcome.completionTokens,
    },
    far: batchFarCost(outcome),
  };
}
