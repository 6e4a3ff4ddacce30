import {
  isBillableTokenText,
  NODE_PROTOCOL_LIMITS,
  type NodeToServerMessage,
  type TaskAssignMessage,
} from '@far/protocol';
import type { Engine } from '../engines/engine.js';
import type { AgentLogger } from './agentLogger.js';
import { createTokenFrameBatcher } from './createTokenFrameBatcher.js';
import { toTaskErrorCode } from './toTaskErrorCode.js';

/** How a task ended: the engine finished it (even if cancelled midway), it was cancelled, or it failed. */
export type TaskOutcome = 'finished' | 'cancelled' | 'failed';

export type RunAssignedTaskOptions = {
  engine: Engine;
  send: (message: NodeToServerMessage) => void;
  /** Aborted on `task.cancel`, on disconnect and on stop. */
  signal: AbortSignal;
  logger: AgentLogger;
  /** Called for each token sent. */
  onToken: () => void;
};

/**
 * Runs one accepted task on the engine: its model tokens with contiguous `seq`, at most
 * `maxTokens` of them, the tokens ready together sent in one `task.tokens` frame (see
 * {@link createTokenFrameBatcher}), then `task.done` with the usage this node claims, or `task.error` with
 * the engine's error code. The request goes to the engine as assigned (one type, already validated
 * at the wire), with the task's abort signal.
 *
 * The claim counts only tokens that show text, as the coordinator bills them and checks the claim.
 *
 * @param assign - the task as the coordinator assigned it.
 * @param options - engine, sender, abort signal, logger, token counter.
 * @returns how the task ended.
 * @example
 * const outcome = await runAssignedTask(assign, { engine, send, signal: controller.signal, logger, onToken });
 */
export async function runAssignedTask(
  assign: TaskAssignMessage,
  options: RunAssignedTaskOptions,
): Promise<TaskOutcome> {
  const { engine, send, signal } = options;
  const { type: _type, taskId, ...request } = assign;
  let seq = 0;
  let billable = 0;
  const frames = createTokenFrameBatcher(taskId, send);
  try {
    const result = await engine.generate({ ...request, signal }, (token) => {
      if (signal.aborted || seq >= request.maxTokens) return;
      const text = token.text.slice(0, NODE_PROTOCOL_LIMITS.maxTokenTextLength);
      frames.push(text);
      if (isBillableTokenText(text)) billable += 1;
      seq += 1;
      options.onToken();
    });
    frames.flush();
    send({
      type: 'task.done',
      taskId,
      usage: { promptTokens: result.promptTokens, completionTokens: billable },
      finishReason: signal.aborted ? 'cancelled' : result.finishReason,
    });
    return 'finished';
  } catch (error) {
    frames.flush();
    if (signal.aborted) {
      send({
        type: 'task.done',
        taskId,
        usage: { promptTokens: 0, completionTokens: billable },
        finishReason: 'cancelled',
      });
      return 'cancelled';
    }
    const code = toTaskErrorCode(error);
    const message = error instanceof Error ? error.message : String(error);
    options.logger.warn('task failed', { taskId, code, message });
    send({
      type: 'task.error',
      taskId,
      code,
      message: message.slice(0, NODE_PROTOCOL_LIMITS.maxErrorMessageLength),
    });
    return 'failed';
  }
}
