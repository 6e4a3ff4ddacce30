import type { InferenceUpdateInput } from '../../realtime/channels.js';

/** Where events about a task go (the bus); fire-and-forget. */
export type InferencePublisher = { publish(channel: string, message: unknown): unknown };

export type TaskUpdatePublisher = {
  /** Adds a token's text to the chunk going out at the end of this event-loop turn. */
  push(text: string): void;
  /** Sends what is pending, then the final chunk (`done: true`) with the outcome. */
  finish(final: Required<Pick<InferenceUpdateInput, 'finishReason' | 'usage'>>): void;
};

/**
 * Publishes a task's output on `inference:updates` for the realtime gateway, coalescing the tokens
 * that arrive within one event-loop turn into one chunk: a node's frames come in bursts, and one
 * bus message per token cost more than relaying the token to the client. The channel's contract is
 * kept: chunks carry `seq` from 0 without gaps, their texts concatenate to the output, and the
 * `done` chunk comes last.
 *
 * @param publisher - the bus (undefined: nothing is published).
 * @param task - the task and its owner.
 * @returns push / finish.
 * @example
 * const updates = createTaskUpdatePublisher(bus, { taskId, userId });
 * updates.push(' Hello'); updates.push(','); // one chunk: ' Hello,'
 * updates.finish({ finishReason: 'stop', usage: { promptTokens: 3, completionTokens: 2 } });
 */
export function createTaskUpdatePublisher(
  publisher: InferencePublisher | undefined,
  task: { taskId: string; userId: string },
): TaskUpdatePublisher {
  let seq = 0;
  let pending: string[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  const flush = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    publisher?.publish('inference:updates', { ...task, seq: seq++, text } satisfies InferenceUpdateInput);
  };

  return {
    push(text) {
      if (!publisher) return;
      pending.push(text);
      scheduled ??= setImmediate(flush);
    },
    finish(final) {
      flush();
      publisher?.publish('inference:updates', {
        ...task,
        seq: seq++,
        text: '',
        done: true,
        ...final,
      } satisfies InferenceUpdateInput);
    },
  };
}
