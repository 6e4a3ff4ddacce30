import { NODE_PROTOCOL_LIMITS as L } from './nodeProtocolLimits.js';
import type { TaskTokensMessage } from './nodeToServerMessage.js';

const TASK_ID = /^[A-Za-z0-9._:-]+$/;

/**
 * The hand-checked fast path for the node protocol's most frequent frame since version 2:
 * `task.tokens`, the tokens a node had ready. It accepts exactly what `TaskTokensMessageSchema`
 * accepts (the same four keys and no other, the same bounds) without a full schema parse, and
 * answers `undefined` for anything else, which the caller then parses with the schema (and its
 * reasons for a refusal).
 *
 * @param json - a parsed frame.
 * @returns the tokens message, or `undefined` when it is not a valid `task.tokens`.
 * @example
 * const decoded = decodeNodeWireMessage(NodeToServerMessageSchema, data, readTaskTokensFrame);
 */
export function readTaskTokensFrame(json: unknown): TaskTokensMessage | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const frame = json as Record<string, unknown>;
  if (frame.type !== 'task.tokens') return undefined;
  let keys = 0;
  for (const key in frame) {
    if (!Object.hasOwn(frame, key)) continue;
    if (key !== 'type' && key !== 'taskId' && key !== 'seq' && key !== 'texts') return undefined;
    keys++;
  }
  if (keys !== 4) return undefined;
  const { taskId, seq, texts } = frame;
  if (typeof taskId !== 'string' || taskId.length < 1 || taskId.length > L.maxTaskIdLength) return undefined;
  if (!TASK_ID.test(taskId)) return undefined;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0 || seq > L.maxTokens) return undefined;
  if (!Array.isArray(texts) || texts.length < 1 || texts.length > L.maxTokensPerFrame) return undefined;
  if (seq + texts.length > L.maxTokens + 1) return undefined;
  for (const text of texts) {
    if (typeof text !== 'string' || text.length > L.maxTokenTextLength) return undefined;
  }
  return { type: 'task.tokens', taskId, seq, texts: texts as string[] };
}
