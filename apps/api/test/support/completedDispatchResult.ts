import type { DispatchRequest, DispatchResult } from '../../src/dispatch/dispatchTypes.js';

/**
 * The result of a task `node` served whole: `texts` counted and billed in one attempt, one
 * segment holding every token, finished with `stop`.
 *
 * @param claimedUsage - the node's own usage claim (default: 10 prompt tokens and every text).
 * @example
 * settle(completedDispatchResult(request, node, ['Hi', ' there']));
 */
export function completedDispatchResult(
  request: DispatchRequest,
  node: { nodeId: string; owner: `0x${string}` },
  texts: readonly string[],
  claimedUsage: DispatchResult['nodeClaimedUsage'] = { promptTokens: 10, completionTokens: texts.length },
): DispatchResult {
  return {
    taskId: request.taskId,
    nodeId: node.nodeId,
    nodeOwner: node.owner,
    completionTokensCounted: texts.length,
    nodeClaimedUsage: claimedUsage,
    finishReason: 'stop',
    attempts: 1,
    segments: [
      {
        nodeId: node.nodeId,
        nodeOwner: node.owner,
        tokens: texts.length,
        claimedCompletionTokens: texts.length,
        score: 80,
      },
    ],
    durationMs: 1,
  };
}
