import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from './appEnv.js';

/**
 * Refuses a request body over `maxBytes` with 413 `payload_too_large`; a path listed in `larger`
 * (exactly, e.g. the batch file upload) gets its own bound instead.
 */
export function limitBodySize(
  maxBytes: number,
  larger: Readonly<Record<string, number>> = {},
): MiddlewareHandler<AppEnv> {
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        // The refused body is left unread, and the server drops a socket with unread bytes still
        // arriving: say so, or a keep-alive client sends its next request into a closed socket.
        throw new BaseError('payload_too_large', `Request body is larger than ${maxSize} bytes`, {
          headers: { Connection: 'close' },
        });
      },
    });
  const fallback = limit(maxBytes);
  const byPath = new Map(Object.entries(larger).map(([path, bytes]) => [path, limit(bytes)]));
  return (c, next) => (byPath.get(c.req.path) ?? fallback)(c, next);
}
