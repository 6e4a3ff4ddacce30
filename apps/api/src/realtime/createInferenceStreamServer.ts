import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Db } from '@far/db';
import { type WebSocket, WebSocketServer } from 'ws';
import { BaseError } from '../errors/BaseError.js';
import type { Logger } from '../observability/createLogger.js';
import { type InferenceUpdate, TaskIdSchema } from './channels.js';
import { createTaskStreamRegistry } from './createTaskStreamRegistry.js';
import { findOwnedTask, type OwnedTask, terminalTaskStatuses } from './findOwnedTask.js';
import { resolveRealtimeCaller } from './resolveRealtimeCaller.js';
import { type ClientPayload, toClientPayload } from './toClientPayload.js';

/** `/ws/inference/{taskId}`, with an optional trailing slash. */
export const INFERENCE_STREAM_PATH = /^\/ws\/inference\/([^/]+)\/?$/;

/** Close codes of the inference stream. */
const inferenceStreamCloseCodes = {
  /** The task finished (or had finished when the client connected). */
  done: 1000,
  /** The gateway is shutting down; reconnect to another replica. */
  shuttingDown: 1001,
  /** The access token expired while streaming; reconnect with a fresh one. */
  tokenExpired: 4401,
} as const;

/**
 * Messages on the stream, as JSON text frames: first one `status` (the task as stored when the
 * client connected), then a `token` per `inference:updates` chunk. The server closes with 1000
 * after the chunk with `done: true`, or right after `status` when the task had already ended.
 * Tokens published before the client connected are not replayed.
 */
export type InferenceStreamMessage =
  | { type: 'status'; task: ClientPayload<OwnedTask> }
  | ({ type: 'token' } & ClientPayload<InferenceUpdate>);

export type InferenceStreamServerOptions = {
  db: Db;
  jwtSecret: Uint8Array;
  logger: Logger;
  /** How often idle connections are pinged; a client that misses a pong is dropped. */
  pingIntervalMs?: number;
};

/**
 * The plain WebSocket stream `/ws/inference/{taskId}` for programs that do not speak socket.io.
 * Authenticates with `?token=` or `Authorization: Bearer` (access JWT or API key) and admits only
 * the task's owner; refusals are plain HTTP responses in the API's error shape, before any
 * upgrade. Runs `noServer`: the caller routes upgrades to {@link handleUpgrade}.
 *
 * @param options - database, JWT secret, logger.
 * @returns `handleUpgrade` (true when the request was for this path), `deliver` for bus updates,
 * `close`.
 * @example
 * const stream = createInferenceStreamServer({ db, jwtSecret, logger });
 * server.on('upgrade', (req, socket, head) => stream.handleUpgrade(req, socket, head));
 */
export function createInferenceStreamServer(options: InferenceStreamServerOptions) {
  // Clients only listen; anything they send beyond a tiny frame is a misuse and closes the stream.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const streams = createTaskStreamRegistry<WebSocket>();
  const pinger = setInterval(() => streams.pingAll(), options.pingIntervalMs ?? 30_000);
  pinger.unref();
  const remove = (ws: WebSocket) => streams.remove(ws);

  function send(ws: WebSocket, message: InferenceStreamMessage) {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  }

  async function admit(request: IncomingMessage, socket: Duplex, head: Buffer, rawTaskId: string) {
    const { taskId, caller, task } = await authorizeInferenceStream(options, request, rawTaskId);
    if (socket.destroyed) return;

    wss.handleUpgrade(request, socket, head, (ws) => {
      const subscriber = streams.add(ws, taskId);
      ws.on('pong', () => {
        subscriber.alive = true;
      });
      ws.on('close', () => remove(ws));
      ws.on('error', (error) => options.logger.debug({ err: error, taskId }, 'inference stream error'));

      send(ws, { type: 'status', task: toClientPayload(task) });
      if (terminalTaskStatuses.has(task.status)) {
        ws.close(inferenceStreamCloseCodes.done, 'task already ended');
        return;
      }
      streams.watch(ws);
      if (caller.expiresAt) {
        subscriber.expiry = setTimeout(
          () => ws.close(inferenceStreamCloseCodes.tokenExpired, 'access token expired'),
          Math.max(0, caller.expiresAt.getTime() - Date.now()),
        );
        subscriber.expiry.unref();
      }
    });
  }

  return {
    /**
     * Takes an HTTP upgrade if it is for `/ws/inference/{taskId}`; leaves every other path alone
     * (the node gateway and socket.io share the server).
     *
     * @returns true when this server took the request.
     */
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      if (request.headers.upgrade?.toLowerCase() !== 'websocket') return false;
      const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
      const match = INFERENCE_STREAM_PATH.exec(pathname);
      if (!match?.[1]) return false;
      // The client may hang up while we authenticate; that must not become an uncaught error.
      socket.on('error', () => {});
      admit(request, socket, head, match[1]).catch((error: unknown) => {
        if (!(error instanceof BaseError))
          options.logger.error({ err: error }, 'inference stream upgrade failed');
        refuseUpgrade(
          socket,
          error instanceof BaseError ? error : new BaseError('internal_error', 'Internal error'),
        );
      });
      return true;
    },

    /** Sends one `inference:updates` chunk to this replica's subscribers of its task. */
    deliver(update: InferenceUpdate) {
      const watching = streams.watching(update.taskId);
      if (watching.length === 0) return;
      const message: InferenceStreamMessage = { type: 'token', ...toClientPayload(update) };
      for (const ws of watching) {
        send(ws, message);
        if (update.done) {
          remove(ws);
          ws.close(inferenceStreamCloseCodes.done, 'done');
        }
      }
    },

    /** How many streams are open on this replica, per task id. */
    subscriberCount(taskId: string): number {
      return streams.count(taskId);
    },

    /**
     * Closes every stream with 1001 and stops the ping timer. Clients get `graceMs` to answer the
     * close handshake; stragglers are cut off so shutdown never waits on a dead peer.
     */
    async close(graceMs = 1_000) {
      clearInterval(pinger);
      await closeStreams(wss, remove, graceMs);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

export type InferenceStreamServer = ReturnType<typeof createInferenceStreamServer>;

/**
 * Who asks for which task's stream: `?token=` or `Authorization: Bearer` (access JWT or API key),
 * admitted only for the task's owner.
 */
async function authorizeInferenceStream(
  options: InferenceStreamServerOptions,
  request: IncomingMessage,
  rawTaskId: string,
) {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const credential =
    url.searchParams.get('token') ?? request.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  let taskId: string;
  try {
    taskId = TaskIdSchema.parse(decodeURIComponent(rawTaskId));
  } catch {
    throw new BaseError('bad_request', 'Malformed task id');
  }
  const caller = await resolveRealtimeCaller(
    { db: options.db, jwtSecret: options.jwtSecret, allowApiKeys: true },
    credential,
  );
  const task = await findOwnedTask(options.db, { taskId, userId: caller.userId });
  if (!task) throw new BaseError('not_found', 'No such task of yours');
  return { taskId, caller, task };
}

/** Closes every stream with 1001, gives clients `graceMs` to answer, then cuts off the stragglers. */
async function closeStreams(wss: WebSocketServer, remove: (ws: WebSocket) => void, graceMs: number) {
  const open = [...wss.clients];
  const closed = open.map((ws) => new Promise<void>((resolve) => ws.once('close', () => resolve())));
  for (const ws of open) {
    remove(ws);
    ws.close(inferenceStreamCloseCodes.shuttingDown, 'server shutting down');
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(closed),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    }),
  ]);
  clearTimeout(timer);
  for (const ws of wss.clients) ws.terminate();
}

/** Answers a refused upgrade with the API's error shape, then hangs up. */
function refuseUpgrade(socket: Duplex, error: BaseError) {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: error.code, message: error.message } });
  const headers = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(error.status === 401 ? ['WWW-Authenticate: Bearer'] : []),
  ];
  socket.end(`${headers.join('\r\n')}\r\n\r\n${body}`);
}
