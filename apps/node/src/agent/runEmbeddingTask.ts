import type { NodeToServerMessage, TaskEmbedMessage } from '@far/protocol';
import type { Engine } from '../engines/engine.js';
import type { AgentLogger } from './agentLogger.js';
import type { TaskOutcome } from './runAssignedTask.js';
import { toTaskErrorCode } from './toTaskErrorCode.js';

export type RunEmbeddingTaskOptions = {
  engine: Engine;
  send: (message: NodeToServerMessage) => void;
  /** Aborted on `task.cancel`, on disconnect and on stop. */
  signal: AbortSignal;
  logger: AgentLogger;
};

/**
 * Runs one accepted `task.embed` on the engine: one `task.embedding` per input, in input order,
 * then `task.done` with the prompt tokens the engine counted (and no completion tokens), or
 * `task.error` (`model_not_found` when the engine serves no embeddings). A cancelled task ends with
 * `task.done` cancelled and sends no vectors.
 *
 * @param assign - the task as the coordinator assigned it.
 * @param options - engine, sender, abort signal, logger.
 * @returns how the task ended.
 * @example
 * const outcome = await runEmbeddingTask(assign, { engine, send, signal: controller.signal, logger });
 */
export async function runEmbeddingTask(
  assign: TaskEmbedMessage,
  options: RunEmbeddingTaskOptions,
): Promise<TaskOutcome> {
  const { engine, send, signal } = options;
  const { taskId } = assign;
  if (!engine.embed) {
    send({
      type: 'task.error',
      taskId,
      code: 'model_not_found',
      message: `${assign.model} serves no embeddings here`,
    });
    return 'failed';
  }
  try {
    const result = await engine.embed({ model: assign.model, input: assign.input, signal });
    if (signal.aborted) throw signal.reason;
    result.embeddings.forEach((embedding, index) => {
      send({ type: 'task.embedding', taskId, index, embedding });
    });
    send({
      type: 'task.done',
      taskId,
      usage: { promptTokens: result.promptTokens, completionTokens: 0 },
      finishReason: 'stop',
    });
    return 'finished';
  } catch (error) {
    if (signal.aborted) {
      send({
        type: 'task.done',
        taskId,
        usage: { promptTokens: 0, completionTokens: 0 },
        finishReason: 'cancelled',
      });
      return 'cancelled';
    }
    const code = toTaskErrorCode(error);
    const message = error instanceof Error ? error.message : String(error);
    options.logger.warn('embeddings task failed', { taskId, code, message });
    send({ type: 'task.error', taskId, code, message: message.slice(0, 1024) });
    return 'failed';
  }
}
