/** A WebSocket close reason holds at most 123 bytes of UTF-8 (RFC 6455 §5.5); the full message went in the `error` frame. */
const MAX_CLOSE_REASON_BYTES = 123;

/**
 * `message` cut to fit a close frame, on a character boundary (`ws` throws on a longer reason).
 *
 * @example
 * ws.close(4005, closeReasonOf(`node ${nodeId} was suspended by the audits: ${findings}`));
 */
export function closeReasonOf(message: string): string {
  let reason = message.slice(0, MAX_CLOSE_REASON_BYTES);
  while (Buffer.byteLength(reason) > MAX_CLOSE_REASON_BYTES) reason = reason.slice(0, -1);
  // A cut between a surrogate pair's halves leaves a lone high surrogate: drop it too.
  return /[\uD800-\uDBFF]$/.test(reason) ? reason.slice(0, -1) : reason;
}
