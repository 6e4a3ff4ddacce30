import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Db } from '@far/db';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { Logger } from '../observability/createLogger.js';
import { authenticateSocket } from './authenticateSocket.js';
import {
  createInferenceStreamServer,
  INFERENCE_STREAM_PATH,
  type InferenceStreamServer,
} from './createInferenceStreamServer.js';
import { createRealtimeRelays } from './createRealtimeRelays.js';
import type { RealtimeBus } from './RealtimeBus.js';
import { type RealtimeSocket, registerSubscriptionHandlers } from './registerSubscriptionHandlers.js';
import { rooms } from './rooms.js';
import type {
  RealtimeClientToServerEvents,
  RealtimeServerToClientEvents,
  RealtimeSocketData,
} from './socketEvents.js';

export type RealtimeIo = Server<
  RealtimeClientToServerEvents,
  RealtimeServerToClientEvents,
  Record<string, never>,
  RealtimeSocketData
>;

export type AttachRealtimeOptions = {
  /** The Node server `serve()` returned; socket.io and the plain stream share it with the API. */
  server: HttpServer;
  bus: RealtimeBus;
  db: Db;
  jwtSecret: Uint8Array;
  /** CORS origin(s) allowed to open socket.io connections (the web app). */
  webOrigin: string | string[];
  /** With Redis, socket.io uses the Redis adapter so rooms span every replica. */
  redisUrl?: string | undefined;
  logger: Logger;
  /**
   * Whether every replica receives every bus message: `cluster` for the Redis bus, `process` for
   * an in-process one. Defaults to `cluster` when `redisUrl` is set, since the composition root
   * builds both from the same `REDIS_URL`. See the note in {@link attachRealtime}.
   */
  busScope?: 'cluster' | 'process';
  /** Redis key prefix of the socket.io adapter; replicas that talk to each other share it. */
  adapterKey?: string;
  /** Rooms one socket may join besides its own; bounds what one client can cost. Default 100. */
  maxSubscriptionsPerSocket?: number;
  /** Ping interval of the plain stream. Default 30 s. */
  pingIntervalMs?: number;
};

export type RealtimeGateway = {
  io: RealtimeIo;
  inferenceStream: InferenceStreamServer;
  /**
   * Emits to a room on every replica (through the Redis adapter when configured): for events
   * that originate in this process rather than on the bus, e.g. a `task:status` change.
   */
  broadcast<E extends keyof RealtimeServerToClientEvents>(
    room: string,
    event: E,
    ...args: Parameters<RealtimeServerToClientEvents[E]>
  ): void;
  /**
   * Whether an HTTP upgrade is for this gateway (`/socket.io/…` or `/ws/inference/{taskId}`), so a
   * composition root can end upgrades that no handler owns without cutting this gateway's.
   */
  ownsUpgrade(request: IncomingMessage): boolean;
  /** Detaches from the HTTP server (which stays open), closes every client, the bus subscriptions and Redis. */
  close(): Promise<void>;
};

/** Where socket.io is served; the web app's client uses the default, which is this. */
const SOCKET_IO_PATH = '/socket.io';

/** Events the server listens to that socket.io's engine adds; removed again on close. */
const ENGINE_EVENTS = ['request', 'upgrade', 'close', 'listening'] as const;

/**
 * Attaches the realtime gateway to the API's HTTP server:
 * socket.io at `/socket.io` (JWT authentication; rooms `user:{id}`, `task:{id}`, `node:{id}`,
 * `revenue:{address}` with ownership checks), and the plain WebSocket `/ws/inference/{taskId}`.
 * It relays the bus channels `inference:updates` → `inference:token`, `node:metrics` →
 * `node:metrics`, `revenue:updates` → `revenue:update`, and the node gateway's `nodes:events` →
 * `node:status`.
 *
 * Relaying is deliberately per-replica with a cluster-wide bus: if every replica subscribed to
 * Redis pub/sub and then emitted through the Redis adapter, with N replicas each client would get
 * every message N times. Here, when every replica receives every bus message (`busScope:
 * 'cluster'`), each emits only to its own sockets; the adapter still carries room membership and
 * {@link RealtimeGateway.broadcast}. With a per-process bus, emits go through the adapter.
 *
 * Other upgrade paths (the node gateway's `/v1/nodes/connect`) are left untouched.
 *
 * @param options - server, bus, database, JWT secret, web origin, Redis URL, logger.
 * @returns the gateway; `close()` it before closing the server.
 * @example
 * const server = serve({ fetch: app.fetch, port });
 * const realtime = await attachRealtime({ server, bus, db, jwtSecret, webOrigin, redisUrl, logger });
 */
export async function attachRealtime(options: AttachRealtimeOptions): Promise<RealtimeGateway> {
  const { server, bus, db, logger } = options;
  const log = logger.child({ component: 'realtime' });
  const busScope = options.busScope ?? (options.redisUrl ? 'cluster' : 'process');

  const listenersBefore = new Map(ENGINE_EVENTS.map((event) => [event, server.listeners(event)]));
  const io: RealtimeIo = new Server(server, {
    path: SOCKET_IO_PATH,
    serveClient: false,
    // CORS covers polling; WebSocket handshakes are not origin-checked, which is safe because
    // authentication is an explicit token, never a cookie a foreign page could ride on.
    cors: { origin: options.webOrigin, credentials: true },
    // Clients only send small subscribe events.
    maxHttpBufferSize: 16 * 1024,
    // engine.io otherwise ends, after a second, any upgrade it does not own: that would cut the
    // node gateway's and the inference stream's handshakes whenever their authentication is slow.
    destroyUpgrade: false,
  });
  const engineListeners = new Map(
    ENGINE_EVENTS.map((event) => [
      event,
      server.listeners(event).filter((listener) => !listenersBefore.get(event)?.includes(listener)),
    ]),
  );

  const redis = options.redisUrl
    ? await connectRedisAdapter(io, options.redisUrl, options.adapterKey ?? 'far:socket.io', log)
    : undefined;

  io.use(authenticateSocket({ db, jwtSecret: options.jwtSecret }, log));
  io.on('connection', (socket: RealtimeSocket) => {
    registerSubscriptionHandlers(socket, {
      db,
      logger: log,
      maxSubscriptions: options.maxSubscriptionsPerSocket ?? 100,
    });
    expireWithSession(socket);
  });

  const inferenceStream = createInferenceStreamServer({
    db,
    jwtSecret: options.jwtSecret,
    logger: log,
    ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
  });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    inferenceStream.handleUpgrade(request, socket, head);
  };
  server.on('upgrade', onUpgrade);

  const target = () => (busScope === 'cluster' ? io.local : io);
  // Emits reach only this replica's sockets (io.local, or a local adapter): a task none of them
  // watches can be skipped before parsing, which spares the common case, a stream nobody watches,
  // a parse and an emit per chunk.
  const emitsStayLocal = busScope === 'cluster' || !redis;
  const watchedHere = (taskId: string) =>
    (io.of('/').adapter.rooms.get(rooms.task(taskId))?.size ?? 0) > 0 ||
    inferenceStream.subscriberCount(taskId) > 0;
  const relays = createRealtimeRelays({ target, emitsStayLocal, watchedHere, inferenceStream });
  const unsubscribes = await Promise.all(
    relays.map(([channel, relay]) =>
      bus.subscribe(channel, (message) => {
        try {
          relay(message);
        } catch (error) {
          // A bad message from one publisher must not stop the relay for everyone else.
          log.warn({ err: error, channel }, 'dropped malformed realtime message');
        }
      }),
    ),
  );

  log.info({ busScope, redisAdapter: Boolean(redis) }, 'realtime gateway attached');

  return {
    io,
    inferenceStream,
    ownsUpgrade(request) {
      const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
      return pathname.startsWith(`${SOCKET_IO_PATH}/`) || INFERENCE_STREAM_PATH.test(pathname);
    },
    broadcast(room, event, ...args) {
      io.to(room).emit(event, ...args);
    },
    close: () =>
      detachRealtime({
        server,
        io,
        inferenceStream,
        onUpgrade,
        unsubscribes,
        engineListeners,
        listenersBefore,
        redis,
      }),
  };
}

/** A socket outliving its 15-minute token would keep receiving data after sign-out: end it then. */
function expireWithSession(socket: RealtimeSocket) {
  const { expiresAt } = socket.data.caller;
  if (!expiresAt) return;
  const expiry = setTimeout(
    () => {
      socket.emit('session:expired');
      socket.disconnect(true);
    },
    Math.max(0, expiresAt.getTime() - Date.now()),
  );
  expiry.unref();
  socket.once('disconnect', () => clearTimeout(expiry));
}

/** Puts socket.io on the Redis adapter, so rooms span every replica; resolves once it listens. */
async function connectRedisAdapter(
  io: RealtimeIo,
  redisUrl: string,
  key: string,
  log: Logger,
): Promise<{ pub: Redis; sub: Redis }> {
  const pub = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) {
    client.on('error', (error) => log.warn({ err: error }, 'realtime redis error'));
  }
  io.adapter(createAdapter(pub, sub, { key }));
  // Redis answers in order: once PING returns, the adapter's (P)SUBSCRIBEs are in force and no
  // message from another replica can be missed.
  await sub.ping();
  return { pub, sub };
}

/** Everything attachRealtime hooked into the server, to undo on close. */
type RealtimeAttachment = {
  server: HttpServer;
  io: RealtimeIo;
  inferenceStream: InferenceStreamServer;
  onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  unsubscribes: Array<() => Promise<void> | void>;
  engineListeners: Map<string, ReturnType<HttpServer['listeners']>>;
  listenersBefore: Map<string, ReturnType<HttpServer['listeners']>>;
  redis: { pub: Redis; sub: Redis } | undefined;
};

/** Detaches from the HTTP server (which stays open): bus subscriptions, clients, engine listeners, Redis. */
async function detachRealtime(attachment: RealtimeAttachment): Promise<void> {
  const { server, io, inferenceStream, onUpgrade, unsubscribes, engineListeners, listenersBefore, redis } =
    attachment;
  await Promise.allSettled(unsubscribes.map((unsubscribe) => unsubscribe()));
  server.off('upgrade', onUpgrade);
  await inferenceStream.close();
  // Not io.close(): that would also close the HTTP server, which belongs to the caller.
  io.local.disconnectSockets(true);
  await Promise.allSettled([io.of('/').adapter.close()]);
  io.engine.close();
  for (const [event, listeners] of engineListeners) {
    for (const listener of listeners) server.off(event, listener as (...args: unknown[]) => void);
  }
  // engine.io moved the server's own request listeners behind its own; give them back.
  for (const listener of listenersBefore.get('request') ?? []) {
    if (!server.listeners('request').includes(listener)) {
      server.on('request', listener as (...args: unknown[]) => void);
    }
  }
  if (redis) {
    await Promise.allSettled([redis.pub.quit(), redis.sub.quit()]);
  }
}
