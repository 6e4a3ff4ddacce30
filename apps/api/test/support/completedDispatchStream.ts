import type {
  DispatchRequest,
  DispatchResult,
  DispatchStream,
  DispatchToken,
} from '../../src/dispatch/dispatchTypes.js';
import { completedDispatchResult } from './completedDispatchResult.js';

/**
 * What a node that served `request` whole returns: `texts` as billable tokens in one batch, and the
 * task done on `node` (one attempt, one segment with every token). Its result is known at once.
 *
 * @param claimedUsage - the node's own usage claim (default: 10 prompt tokens and every text).
 * @example
 * const dispatch = async (request: DispatchRequest) => completedDispatchStream(request, node, ['Hi', ' there']);
 */
export function completedDispatchStream(
  request: DispatchRequest,
  node: { nodeId: string; owner: `0x${string}` },
  texts: readonly string[],
  claimedUsage?: DispatchResult['nodeClaimedUsage'],
): DispatchStream {
  async function* tokens(): AsyncGenerator<readonly DispatchToken[]> {
    if (texts.length > 0) yield texts.map((text, seq): DispatchToken => ({ text, seq, billable: true }));
  }
  return {
    taskId: request.taskId,
    nodeId: node.nodeId,
    result: Promise.resolve(completedDispatchResult(request, node, texts, claimedUsage)),
    [Symbol.asyncIterator]: tokens,
  };
}
