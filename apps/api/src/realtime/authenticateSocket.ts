import type { Socket } from 'socket.io';
import { BaseError } from '../errors/BaseError.js';
import type { Logger } from '../observability/createLogger.js';
import { type ResolveRealtimeCallerOptions, resolveRealtimeCaller } from './resolveRealtimeCaller.js';
import type { RealtimeSocketData } from './socketEvents.js';

/** The error a refused socket.io client sees as `connect_error`: `err.message` and `err.data.code`. */
export type SocketAuthError = Error & { data: { code: string } };

/**
 * socket.io middleware: admits a connection only with a valid access JWT, sent as
 * `io(url, { auth: { token } })` or an `Authorization: Bearer` header (non-browser clients).
 * API keys are refused here: the browser signs in and holds a JWT; programs use the plain
 * `/ws/inference/{taskId}` stream.
 *
 * @param options - database and JWT secret.
 * @returns a function for `io.use()`.
 * @example
 * io.use(authenticateSocket({ db, jwtSecret }, logger));
 */
export function authenticateSocket(
  options: Omit<ResolveRealtimeCallerOptions, 'allowApiKeys'>,
  logger: Logger,
) {
  return async (socket: Socket, next: (error?: Error) => void) => {
    try {
      const caller = await resolveRealtimeCaller({ ...options, allowApiKeys: false }, tokenOf(socket));
      (socket.data as RealtimeSocketData).caller = caller;
      next();
    } catch (error) {
      const code = error instanceof BaseError ? error.code : 'internal_error';
      if (!(error instanceof BaseError)) logger.error({ err: error }, 'realtime authentication failed');
      const refusal = new Error(
        error instanceof BaseError ? error.message : 'Authentication failed',
      ) as SocketAuthError;
      refusal.data = { code };
      next(refusal);
    }
  };
}

function tokenOf(socket: Socket): string | undefined {
  const fromAuth: unknown = socket.handshake.auth?.token;
  if (typeof fromAuth === 'string' && fromAuth.length > 0) return fromAuth;
  const header = socket.handshake.headers.authorization;
  return header?.match(/^Bearer\s+(\S+)$/i)?.[1];
}
