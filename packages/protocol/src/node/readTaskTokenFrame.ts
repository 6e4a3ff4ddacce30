import { NODE_PROTOCOL_LIMITS as L } from './nodeProtocolLimits.js';
import type { TaskTokenMessage } from './nodeToServerMessage.js';

const TASK_ID = /^[A-Za-z0-9._:-]+$/;

/**
 * The hand-checked fast path for the node protocol's most frequent frame: one `task.token` per
 * token of every stream. It accepts exactly what `TaskTokenMessageSchema` accepts (the same four
 * keys and no other, the same bounds) without a full schema parse, and answers `undefined` for
 * anything else, which the caller then parses with the schema (and its reasons for a refusal).
 *
 * @param json - a parsed frame.
 * @returns the token message, or `undefined` when it is not a valid `task.token`.
 * @example
 * const decoded = decodeNodeWireMessage(NodeToServerMessageSchema, data, readTaskTokenFrame);
 */
export function readTaskTokenFrame(json: unknown): TaskTokenMessage | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const frame = json as Record<string, unknown>;
  if (frame.type !== 'task.token') return undefined;
  let keys = 0;
  for (const key in frame) {
    if (!Object.hasOwn(frame, key)) continue;
    if (key !== 'type' && key !== 'taskId' && key !== 'seq' && key !== 'text') return undefined;
    keys++;
  }
  if (keys !== 4) return undefined;
  const { taskId, seq, text } = frame;
  if (typeof taskId !== 'string' || taskId.length < 1 || taskId.length > L.maxTaskIdLength) return undefined;
  if (!TASK_ID.test(taskId)) return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0 || seq > L.maxTokens) return undefined;
  if (typeof text !== 'string' || text.length > L.maxTokenTextLength) return undefined;
  return { type: 'task.token', taskId, seq, text };
}
