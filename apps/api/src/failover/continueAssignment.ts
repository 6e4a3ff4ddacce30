import { type TaskAssignMessage, TaskAssignMessageSchema } from '@far/protocol';

/**
 * The assignment that lets another node pick up a task where a failed node stopped: the text
 * already delivered becomes part of the input (appended to a raw prompt, or as the trailing
 * assistant message of a chat, which engines continue in place) and only the remaining token
 * budget is asked for.
 *
 * @param assign - the original assignment.
 * @param deliveredText - the tokens already streamed to the caller, concatenated.
 * @param delivered - how many tokens that was.
 * @returns the continuation, or undefined when nothing is left to generate or it would break the
 * protocol's bounds (then the task cannot be resumed).
 * @example
 * continueAssignment({ ...assign, prompt: 'Once', maxTokens: 8 }, ' upon a', 2) // prompt 'Once upon a', maxTokens 6
 */
export function continueAssignment(
  assign: TaskAssignMessage,
  deliveredText: string,
  delivered: number,
): TaskAssignMessage | undefined {
  if (delivered === 0) return assign;
  const maxTokens = assign.maxTokens - delivered;
  if (maxTokens < 1) return undefined;
  let next: TaskAssignMessage;
  if (assign.prompt !== undefined) {
    next = { ...assign, prompt: assign.prompt + deliveredText, maxTokens };
  } else {
    const messages = [...(assign.messages ?? [])];
    const last = messages.at(-1);
    if (last?.role === 'assistant')
      messages[messages.length - 1] = { ...last, content: last.content + deliveredText };
    else messages.push({ role: 'assistant', content: deliveredText });
    next = { ...assign, messages, maxTokens };
  }
  const parsed = TaskAssignMessageSchema.safeParse(next);
  return parsed.success ? parsed.data : undefined;
}
