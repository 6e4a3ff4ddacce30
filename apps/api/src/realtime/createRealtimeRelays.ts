import { FartwinIndexingSchema } from '../services/fartwin/FartwinIndexingSchema.js';
import { GamedChainNoticeSchema } from '../services/gamed/chain/GamedChainNotice.js';
import {
  InferenceUpdateSchema,
  NodeLifecycleEventSchema,
  NodeMetricsSchema,
  nodeLifecycleChannel,
  RevenueUpdateSchema,
  realtimeChannels,
} from './channels.js';
import type { InferenceStreamServer } from './createInferenceStreamServer.js';
import { rooms } from './rooms.js';
import type { RealtimeServerToClientEvents } from './socketEvents.js';
import { toClientPayload } from './toClientPayload.js';

/** Where a relay emits: socket.io's `io` or `io.local`, narrowed to what the relays use. */
export type RelayTarget = {
  to(room: string): {
    emit<E extends keyof RealtimeServerToClientEvents>(
      event: E,
      ...args: Parameters<RealtimeServerToClientEvents[E]>
    ): unknown;
  };
};

export type RealtimeRelayOptions = {
  /** The emitter for this replica's sockets (see attachRealtime on bus scope). */
  target: () => RelayTarget;
  /** Whether emits reach only this replica's sockets, so an unwatched task can be skipped unparsed. */
  emitsStayLocal: boolean;
  /** Whether any socket or stream of this replica watches the task. */
  watchedHere: (taskId: string) => boolean;
  inferenceStream: Pick<InferenceStreamServer, 'deliver'>;
};

const lifecycleStatus = {
  'node.online': 'online',
  'node.offline': 'offline',
  'node.draining': 'draining',
} as const;

/**
 * The bus channel → socket event relays: `inference:updates` → `inference:token` (and the plain
 * stream), `node:metrics` → `node:metrics`, the node gateway's `nodes:events` → `node:status`,
 * `revenue:updates` → `revenue:update`, FarTwin's `fartwin:indexing` → `fartwin:indexing` to the
 * owner's `user:` room, Far GameD's `gamed:chain` → `gamed:notice` to the studio's `revenue:` room,
 * each to its room. A relay parses its message and throws on
 * a malformed one; the caller drops it.
 *
 * @param options - where to emit, whether emits stay local, who watches what, the plain stream.
 * @returns `[channel, relay]` pairs to subscribe on the bus.
 * @example
 * for (const [channel, relay] of createRealtimeRelays(options)) await bus.subscribe(channel, relay);
 */
export function createRealtimeRelays(
  options: RealtimeRelayOptions,
): Array<[string, (message: unknown) => void]> {
  const { target } = options;
  return [
    [
      realtimeChannels.inferenceUpdates,
      (message) => {
        const taskId = (message as { taskId?: unknown } | null)?.taskId;
        if (options.emitsStayLocal && typeof taskId === 'string' && !options.watchedHere(taskId)) return;
        const update = InferenceUpdateSchema.parse(message);
        target().to(rooms.task(update.taskId)).emit('inference:token', toClientPayload(update));
        options.inferenceStream.deliver(update);
      },
    ],
    [
      realtimeChannels.nodeMetrics,
      (message) => {
        const metrics = NodeMetricsSchema.parse(message);
        target().to(rooms.node(metrics.nodeId)).emit('node:metrics', toClientPayload(metrics));
      },
    ],
    [
      nodeLifecycleChannel,
      (message) => {
        const event = NodeLifecycleEventSchema.parse(message);
        target().to(rooms.node(event.nodeId)).emit('node:status', {
          nodeId: event.nodeId,
          status: lifecycleStatus[event.type],
          at: event.at.toISOString(),
        });
      },
    ],
    [
      realtimeChannels.revenueUpdates,
      (message) => {
        const update = RevenueUpdateSchema.parse(message);
        target().to(rooms.revenue(update.walletAddress)).emit('revenue:update', toClientPayload(update));
      },
    ],
    [
      realtimeChannels.fartwinIndexing,
      (message) => {
        // Every socket joins its user's room on connect: only the twin's owner receives this.
        const progress = FartwinIndexingSchema.parse(message);
        target().to(rooms.user(progress.ownerUserId)).emit('fartwin:indexing', toClientPayload(progress));
      },
    ],
    [
      realtimeChannels.gamedChain,
      (message) => {
        // The studio watching its revenue (subscribe:revenue) sees its sales and refunds arrive.
        const notice = GamedChainNoticeSchema.parse(message);
        if (notice.studio)
          target().to(rooms.revenue(notice.studio)).emit('gamed:notice', toClientPayload(notice));
      },
    ],
  ];
}
