import type { TaskEmbeddingMessage, TaskEmbedMessage } from '@far/protocol';
import { BaseError } from '../errors/BaseError.js';
import type { LiveNode } from '../nodes/nodeRegistry.js';
import { updateNodeScore } from '../scheduler/updateNodeScore.js';
import type { DispatchDependencies, TaskHandle, TaskLink } from './dispatchTypes.js';
import { NodeTaskFailedError } from './NodeTaskFailedError.js';

/** One embeddings task to run: its id, model and inputs, and how the dispatcher may place it. */
export type EmbeddingDispatchRequest = {
  taskId: string;
  model: string;
  input: string[];
  /** At least the model catalogue's minimum GPU memory for `model`. */
  minVramGb: number;
  /** Aborting sends `task.cancel` to the node and rejects. */
  signal?: AbortSignal | undefined;
};

export type EmbeddingDispatchResult = {
  taskId: string;
  /** The node that answered, and the owner wallet it is paid to. */
  nodeId: string;
  nodeOwner: `0x${string}`;
  /** One vector per input, in input order, as the node sent them. */
  embeddings: number[][];
  /** The node's own prompt-token count (audit only: the coordinator bills its own count). */
  nodeClaimedPromptTokens: number | undefined;
  /** The answering node's score after this task, for its payment adjustment. */
  score: number;
  /** Nodes tried: 2 when the first failed before answering and another one answered. */
  attempts: number;
};

/** Nodes tried per embeddings task: the first, and one other if the first fails before answering. */
const MAX_EMBEDDING_ATTEMPTS = 2;

/** An embeddings answer has no token stream: speed and time to first token are not scored. */
const EMBEDDING_TASK = { tokensPerSecond: 1, expectedTokensPerSecond: 1, firstTokenLatencyMs: null };

/**
 * Runs one embeddings task: chooses a node that announced the `embeddings` capability for the
 * model, sends `task.embed`, and collects one `task.embedding` per input until `task.done`. A node
 * that refuses, fails, disconnects, stays silent or breaks the protocol before answering gets a
 * lower score, and the task runs once more on another node. Nothing streams: the caller gets all
 * the vectors or an error.
 *
 * @param request - the task.
 * @param deps - the gateway's scheduler and connection access.
 * @returns the vectors and the node that computed them.
 * @throws NoNodeAvailableError when no node can take it; NodeTaskFailedError when the last node tried failed.
 * @example
 * const { embeddings } = await dispatchEmbeddingTask({ taskId, model: 'far-demo', input: ['hi'], minVramGb: 0 }, deps);
 */
export async function dispatchEmbeddingTask(
  request: EmbeddingDispatchRequest,
  deps: DispatchDependencies,
): Promise<EmbeddingDispatchResult> {
  if (deps.isClosing()) throw new BaseError('service_unavailable', 'the node gateway is shutting down');
  const exclude = new Set<string>();
  let lastFailure: unknown;
  for (let attempt = 1; attempt <= MAX_EMBEDDING_ATTEMPTS; attempt++) {
    const node = await deps.scheduler
      .acquire({
        model: request.model,
        capability: 'embeddings',
        minVramGb: request.minVramGb,
        exclude,
        signal: request.signal,
      })
      .catch((error: unknown) => {
        // A retry that finds no other node reports why the first one failed.
        throw attempt > 1 && lastFailure ? lastFailure : error;
      });
    try {
      const answer = await runOnNode(request, node, deps);
      const score = updateNodeScore(node.score, {
        ...deps.standing(node.nodeId),
        ...EMBEDDING_TASK,
        accuracy: 1,
      });
      deps.onScore(node.nodeId, score);
      return {
        taskId: request.taskId,
        nodeId: node.nodeId,
        nodeOwner: node.owner,
        ...answer,
        score,
        attempts: attempt,
      };
    } catch (error) {
      if (request.signal?.aborted) throw error;
      const blame = error instanceof NodeTaskFailedError && error.reason !== 'gateway_closed';
      if (blame) {
        const score = updateNodeScore(node.score, {
          ...deps.standing(node.nodeId),
          ...EMBEDDING_TASK,
          tokensPerSecond: 0,
          accuracy: 0,
        });
        deps.onScore(node.nodeId, score);
      }
      deps.logger.warn(
        { err: error, taskId: request.taskId, nodeId: node.nodeId },
        'embeddings task failed on its node',
      );
      lastFailure = error;
      exclude.add(node.nodeId);
    }
  }
  throw lastFailure;
}

/** Runs the task on one node whose slot is taken; releases the slot however it ends. */
function runOnNode(
  request: EmbeddingDispatchRequest,
  node: LiveNode,
  deps: DispatchDependencies,
): Promise<Pick<EmbeddingDispatchResult, 'embeddings' | 'nodeClaimedPromptTokens'>> {
  const { taskId } = request;
  const vectors: (number[] | undefined)[] = request.input.map(() => undefined);
  let received = 0;
  return new Promise((resolve, reject) => {
    let link: TaskLink | undefined;
    let ended = false;
    let timer: NodeJS.Timeout | undefined;
    const fail = (reason: NodeTaskFailedError['reason'], message: string, nodeCode?: string) =>
      new NodeTaskFailedError({
        reason,
        nodeId: node.nodeId,
        tokensDelivered: 0,
        message,
        ...(nodeCode ? { nodeCode } : {}),
      });
    const end = (outcome: () => void) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      link?.close();
      deps.scheduler.release(node.nodeId);
      outcome();
    };
    const armSilence = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        link?.send({ type: 'task.cancel', taskId });
        end(() =>
          reject(fail('node_timeout', `node ${node.nodeId} sent nothing for ${deps.taskIdleTimeoutMs} ms`)),
        );
      }, deps.taskIdleTimeoutMs);
    };
    const onAbort = () => {
      link?.send({ type: 'task.cancel', taskId });
      end(() => reject(request.signal?.reason));
    };
    const violation = (reason: string) => {
      end(() => reject(fail('protocol_violation', `node ${node.nodeId}: ${reason}`)));
      return reason;
    };
    const onVector = (message: TaskEmbeddingMessage): string | undefined => {
      if (message.index >= vectors.length)
        return violation(`embedding index ${message.index} beyond ${vectors.length} inputs`);
      if (vectors[message.index]) return violation(`embedding index ${message.index} sent twice`);
      const width = vectors.find((v) => v !== undefined)?.length;
      if (width !== undefined && message.embedding.length !== width)
        return violation(
          `embedding ${message.index} has ${message.embedding.length} numbers, the others ${width}`,
        );
      vectors[message.index] = message.embedding;
      received += 1;
      armSilence();
      return undefined;
    };
    const handle: TaskHandle = {
      onNodeMessage(message) {
        if (ended) return undefined;
        switch (message.type) {
          case 'task.accepted':
            armSilence();
            return undefined;
          case 'task.embedding':
            return onVector(message);
          case 'task.done':
            if (received < vectors.length)
              return violation(`task.done after ${received} of ${vectors.length} embeddings`);
            end(() =>
              resolve({
                embeddings: vectors as number[][],
                nodeClaimedPromptTokens: message.usage.promptTokens,
              }),
            );
            return undefined;
          case 'task.error':
            end(() =>
              reject(
                fail('node_error', `node ${node.nodeId}: ${message.code}: ${message.message}`, message.code),
              ),
            );
            return undefined;
          default:
            return violation(`${message.type} for embeddings task ${taskId}`);
        }
      },
      nodeLost: () => end(() => reject(fail('node_disconnected', `node ${node.nodeId} disconnected`))),
    };
    link = deps.openTask(node.nodeId, taskId, handle);
    if (!link) {
      deps.scheduler.release(node.nodeId);
      reject(fail('node_disconnected', `node ${node.nodeId} left before the task was assigned`));
      return;
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });
    armSilence();
    const assign: TaskEmbedMessage = {
      type: 'task.embed',
      taskId,
      model: request.model,
      input: request.input,
    };
    link.send(assign);
  });
}
