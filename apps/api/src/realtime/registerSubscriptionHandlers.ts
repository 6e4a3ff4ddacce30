import type { Db } from '@far/db';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import type { Logger } from '../observability/createLogger.js';
import { NodeIdSchema, TaskIdSchema } from './channels.js';
import { findOwnedNode } from './findOwnedNode.js';
import { findOwnedTask } from './findOwnedTask.js';
import { rooms } from './rooms.js';
import type {
  RealtimeClientToServerEvents,
  RealtimeServerToClientEvents,
  RealtimeSocketData,
  SubscribeAck,
  SubscribeErrorCode,
} from './socketEvents.js';
import { summarizeRevenue } from './summarizeRevenue.js';
import { toClientPayload } from './toClientPayload.js';

export type RealtimeSocket = Socket<
  RealtimeClientToServerEvents,
  RealtimeServerToClientEvents,
  Record<string, never>,
  RealtimeSocketData
>;

export type SubscriptionDeps = {
  db: Db;
  logger: Logger;
  /** Rooms a socket may hold besides its own id and `user:{id}`; bounds what one client can cost. */
  maxSubscriptions: number;
};

class SubscribeRefusal extends Error {
  constructor(
    readonly code: SubscribeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Puts a connected, authenticated socket in `user:{id}` and wires the `subscribe:*` /
 * `unsubscribe:*` events. Every subscribe checks ownership first: only a task's owner joins
 * `task:{id}`, only a node's owner joins `node:{id}`, and `subscribe:revenue` can only join the
 * caller's own `revenue:{address}`.
 *
 * @param socket - a socket that passed `authenticateSocket`.
 * @param deps - database, logger, subscription cap.
 * @example
 * io.on('connection', (socket) => registerSubscriptionHandlers(socket, { db, logger, maxSubscriptions: 100 }));
 */
export function registerSubscriptionHandlers(socket: RealtimeSocket, deps: SubscriptionDeps) {
  const { caller } = socket.data;
  const fixedRooms = 2; // the socket's own id and user:{id}
  socket.join(rooms.user(caller.userId));

  /** Joins `room` unless that would exceed the cap. */
  function join(room: string) {
    // The ownership query is async: a client that hung up meanwhile must not be added to a room,
    // or the adapter would keep the entry of a socket that no longer exists.
    if (!socket.connected) throw new SubscribeRefusal('not_found', 'Connection closed');
    if (socket.rooms.has(room)) return;
    if (socket.rooms.size - fixedRooms >= deps.maxSubscriptions) {
      throw new SubscribeRefusal(
        'too_many_subscriptions',
        `At most ${deps.maxSubscriptions} subscriptions per connection`,
      );
    }
    socket.join(room);
  }

  on('subscribe:inference', TaskIdSchema, async (taskId) => {
    const task = await findOwnedTask(deps.db, { taskId, userId: caller.userId });
    if (!task) throw new SubscribeRefusal('not_found', 'No such task of yours');
    join(rooms.task(taskId));
    const payload = toClientPayload(task);
    socket.emit('task:status', payload);
    return { task: payload };
  });
  on('unsubscribe:inference', TaskIdSchema, async (taskId) => {
    socket.leave(rooms.task(taskId));
    return {};
  });

  on('subscribe:node', NodeIdSchema, async (nodeId) => {
    const node = await findOwnedNode(deps.db, { nodeId, ownerAddress: caller.walletAddress });
    if (!node) throw new SubscribeRefusal('not_found', 'No such node owned by your wallet');
    join(rooms.node(nodeId));
    const payload = toClientPayload(node);
    socket.emit('node:status', payload);
    return { node: payload };
  });
  on('unsubscribe:node', NodeIdSchema, async (nodeId) => {
    socket.leave(rooms.node(nodeId));
    return {};
  });

  on('subscribe:revenue', undefined, async () => {
    join(rooms.revenue(caller.walletAddress));
    const summary = await summarizeRevenue(deps.db, caller.userId);
    return { revenue: { walletAddress: caller.walletAddress, ...toClientPayload(summary) } };
  });
  on('unsubscribe:revenue', undefined, async () => {
    socket.leave(rooms.revenue(caller.walletAddress));
    return {};
  });

  /**
   * Registers one event: parses its argument (when it takes one), runs it, and answers through
   * the acknowledgement, or `subscribe:error` when the client sent none.
   */
  function on<A>(
    event: keyof RealtimeClientToServerEvents,
    argumentSchema: z.ZodType<A> | undefined,
    run: (argument: A) => Promise<Record<string, unknown>>,
  ) {
    // Typed loosely on purpose: the arguments come from the network and are parsed below.
    (socket as unknown as Socket).on(event, async (...args: unknown[]) => {
      const ack =
        typeof args.at(-1) === 'function' ? (args.pop() as (reply: SubscribeAck) => void) : undefined;
      const reply = (response: SubscribeAck<Record<string, unknown>>) => {
        if (ack) ack(response as SubscribeAck);
        else if (!response.ok) socket.emit('subscribe:error', { event, ...response.error });
      };
      try {
        let argument = undefined as A;
        if (argumentSchema) {
          const parsed = argumentSchema.safeParse(args[0]);
          if (!parsed.success) {
            throw new SubscribeRefusal('validation_failed', z.prettifyError(parsed.error));
          }
          argument = parsed.data;
        }
        reply({ ok: true, ...(await run(argument)) });
      } catch (error) {
        if (error instanceof SubscribeRefusal) {
          reply({ ok: false, error: { code: error.code, message: error.message } });
          return;
        }
        deps.logger.error({ err: error, event, userId: caller.userId }, 'realtime subscribe failed');
        reply({ ok: false, error: { code: 'internal_error', message: 'Subscription failed' } });
      }
    });
  }
}
