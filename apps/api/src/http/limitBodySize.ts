import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from './appEnv.js';

/** Refuses a request body over `maxBytes` with 413 `payload_too_large`. */
export function limitBodySize(maxBytes: number): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      // The refused body is left unread, and the server drops a socket with unread bytes still
      // arriving: say so, or a keep-alive client sends its next request into a closed socket.
      throw new BaseError('payload_too_large', `Request body is larger than ${maxBytes} bytes`, {
        headers: { Connection: 'close' },
      });
    },
  });
}
