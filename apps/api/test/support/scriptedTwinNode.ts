import type {
  DispatchRequest,
  DispatchResult,
  DispatchStream,
  DispatchToken,
} from '../../src/dispatch/dispatchTypes.js';
import { completedDispatchResult } from './completedDispatchResult.js';

/**
 * A node whose answer is scripted: it streams `texts` as billable tokens (lazily, as the client
 * reads) and completes, and records every request it was given so a test can read the prompt.
 */
export function scriptedTwinNode(node: { nodeId: string; owner: `0x${string}` }, texts: string[]) {
  const requests: DispatchRequest[] = [];
  const dispatch = async (request: DispatchRequest): Promise<DispatchStream> => {
    requests.push(request);
    let settle!: (r: DispatchResult) => void;
    const result = new Promise<DispatchResult>((resolve) => {
      settle = resolve;
    });
    async function* tokens(): AsyncGenerator<readonly DispatchToken[]> {
      if (texts.length > 0) yield texts.map((text, seq): DispatchToken => ({ text, seq, billable: true }));
      settle(
        completedDispatchResult(request, node, texts, { promptTokens: 1, completionTokens: texts.length }),
      );
    }
    return { taskId: request.taskId, nodeId: node.nodeId, result, [Symbol.asyncIterator]: tokens };
  };
  return { dispatch, requests };
}
