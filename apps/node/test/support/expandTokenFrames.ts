import type { NodeToServerMessage, TaskTokenMessage } from '@far/protocol';

/**
 * The tokens a node sent, one `task.token` per token, whether each came alone or in a
 * `task.tokens` frame with others (as the coordinator unpacks them).
 *
 * @param sent - the frames, in order.
 * @returns one token message per token.
 */
export function expandTokenFrames(sent: readonly NodeToServerMessage[]): TaskTokenMessage[] {
  return sent.flatMap((m): TaskTokenMessage[] => {
    if (m.type === 'task.token') return [m];
    if (m.type !== 'task.tokens') return [];
    return m.texts.map((text, i) => ({ type: 'task.token', taskId: m.taskId, seq: m.seq + i, text }));
  });
}
