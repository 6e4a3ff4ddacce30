import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from './appEnv.js';

// The refused body is left unread, and the server drops a socket with unread bytes still
// arriving: say so, or a keep-alive client sends its next request into a closed socket.
const tooLarge = (maxSize: number) =>
  new BaseError('payload_too_large', `Request body is larger than ${maxSize} bytes`, {
    headers: { Connection: 'close' },
  });

/**
 * Refuses a request body over `maxBytes` with 413 `payload_too_large`; a path listed in `larger`
 * (exactly, e.g. the batch file upload) gets its own bound instead.
 *
 * A body with a `Content-Length` is judged by that header alone (Node's parser holds the body to
 * it), without touching `Request.body`: reading that property makes `@hono/node-server` build a
 * web `Request` over a web stream of the socket, where it otherwise reads the body straight from
 * the socket when a route asks for it (issue 12's profile: the web-stream path cost every
 * request more than the route's own JSON parse). A chunked body is counted as it is read.
 */
export function limitBodySize(
  maxBytes: number,
  larger: Readonly<Record<string, number>> = {},
): MiddlewareHandler<AppEnv> {
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw tooLarge(maxSize);
      },
    });
  const fallback = { maxSize: maxBytes, counted: limit(maxBytes) };
  const byPath = new Map(
    Object.entries(larger).map(([path, bytes]) => [path, { maxSize: bytes, counted: limit(bytes) }]),
  );
  return (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const { maxSize, counted } = byPath.get(c.req.path) ?? fallback;
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    if (Number.parseInt(length, 10) > maxSize) throw tooLarge(maxSize);
    return next();
  };
}
