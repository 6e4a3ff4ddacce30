import type { z } from 'zod';
import { NODE_PROTOCOL_LIMITS } from './nodeProtocolLimits.js';
import type { readTaskTokenFrame } from './readTaskTokenFrame.js';

const utf8 = new TextDecoder();

export type DecodeNodeWireMessageResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/**
 * Parses one WebSocket frame into a typed protocol message. Never throws: a bad frame is the
 * peer's problem, reported as a reason the caller can count, log, or send back.
 *
 * @param schema - `NodeToServerMessageSchema` on the coordinator, `ServerToNodeMessageSchema` on a node.
 * @param data - the raw frame (text or bytes).
 * @param fastPath - a cheaper check for the most frequent frame (e.g. {@link readTaskTokenFrame}),
 *   tried before the schema: it must accept only what the schema accepts, and answer `undefined`
 *   for anything else.
 * @returns the typed message, or why it was rejected.
 */
export function decodeNodeWireMessage<S extends z.ZodType>(
  schema: S,
  data: string | Uint8Array | ArrayBuffer | readonly Uint8Array[],
  fastPath?: (json: unknown) => z.infer<S> | undefined,
): DecodeNodeWireMessageResult<z.infer<S>> {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (data instanceof ArrayBuffer || data instanceof Uint8Array) text = utf8.decode(data);
  else text = Buffer.concat(data as Uint8Array[]).toString('utf8');
  if (text.length > NODE_PROTOCOL_LIMITS.maxFrameBytes) return { ok: false, reason: 'frame too large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'frame is not JSON' };
  }
  const fast = fastPath?.(json);
  if (fast !== undefined) return { ok: true, message: fast };
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'message';
    return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, message: parsed.data };
}
