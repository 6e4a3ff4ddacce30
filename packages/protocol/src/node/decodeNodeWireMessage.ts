import type { z } from 'zod';
import { NODE_PROTOCOL_LIMITS } from './nodeProtocolLimits.js';

export type DecodeNodeWireMessageResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/**
 * Parses one WebSocket frame into a typed protocol message. Never throws: a bad frame is the
 * peer's problem, reported as a reason the caller can count, log, or send back.
 *
 * @param schema - `NodeToServerMessageSchema` on the coordinator, `ServerToNodeMessageSchema` on a node.
 * @param data - the raw frame (text or bytes).
 * @returns the typed message, or why it was rejected.
 */
export function decodeNodeWireMessage<S extends z.ZodType>(
  schema: S,
  data: string | Uint8Array | ArrayBuffer | readonly Uint8Array[],
): DecodeNodeWireMessageResult<z.infer<S>> {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (data instanceof ArrayBuffer) text = new TextDecoder().decode(data);
  else if (data instanceof Uint8Array) text = new TextDecoder().decode(data);
  else text = Buffer.concat(data as Uint8Array[]).toString('utf8');
  if (text.length > NODE_PROTOCOL_LIMITS.maxFrameBytes) return { ok: false, reason: 'frame too large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'frame is not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'message';
    return { ok: false, reason: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, message: parsed.data };
}
