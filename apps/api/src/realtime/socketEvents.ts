import type { GamedChainNotice } from '../services/gamed/chain/GamedChainNotice.js';
import type { FartwinIndexing, InferenceUpdate, NodeMetrics, RevenueUpdate } from './channels.js';
import type { OwnedNode } from './findOwnedNode.js';
import type { OwnedTask } from './findOwnedTask.js';
import type { RealtimeCaller } from './resolveRealtimeCaller.js';
import type { RevenueSummary } from './summarizeRevenue.js';
import type { ClientPayload } from './toClientPayload.js';

/** A node going online, offline or draining (from the node gateway's lifecycle events). */
export type NodeStatusChange = { nodeId: string; status: 'online' | 'offline' | 'draining'; at: string };

/** Error codes a subscribe acknowledgement can carry. */
export type SubscribeErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'too_many_subscriptions'
  | 'internal_error';

/** The reply to every `subscribe:*` and `unsubscribe:*` event (socket.io acknowledgement). */
export type SubscribeAck<T = unknown> =
  | ({ ok: true } & T)
  | { ok: false; error: { code: SubscribeErrorCode; message: string } };

type Ack<T = unknown> = (reply: SubscribeAck<T>) => void;

/**
 * Events the gateway sends. Wei amounts are decimal strings and dates ISO strings
 * (see `toClientPayload`), because socket.io payloads are JSON.
 */
export type RealtimeServerToClientEvents = {
  'inference:token': (update: ClientPayload<InferenceUpdate>) => void;
  'task:status': (task: ClientPayload<OwnedTask>) => void;
  'node:metrics': (metrics: ClientPayload<NodeMetrics>) => void;
  /** The node's row on subscribe; afterwards `{ nodeId, status, at }` on each online/offline/draining change. */
  'node:status': (node: ClientPayload<OwnedNode> | NodeStatusChange) => void;
  'revenue:update': (update: ClientPayload<RevenueUpdate>) => void;
  /** FarTwin AI: indexing progress of a document the user uploaded to one of their twins. */
  'fartwin:indexing': (progress: ClientPayload<FartwinIndexing>) => void;
  /** Far GameD: a sale, refund, settlement, listing or build of one of the studio's games, to the studio's revenue room. */
  'gamed:notice': (notice: ClientPayload<GamedChainNotice>) => void;
  /** Sent when a subscribe came without an acknowledgement callback and failed. */
  'subscribe:error': (error: { event: string; code: SubscribeErrorCode; message: string }) => void;
  /** The access token expired; the server disconnects next. Reconnect with a fresh token. */
  'session:expired': () => void;
};

/**
 * Events a client may send. Each takes an optional acknowledgement; without one a failure is
 * reported as `subscribe:error`.
 */
export type RealtimeClientToServerEvents = {
  'subscribe:inference': (taskId: string, ack?: Ack<{ task: ClientPayload<OwnedTask> }>) => void;
  'unsubscribe:inference': (taskId: string, ack?: Ack) => void;
  'subscribe:node': (nodeId: string, ack?: Ack<{ node: ClientPayload<OwnedNode> }>) => void;
  'unsubscribe:node': (nodeId: string, ack?: Ack) => void;
  'subscribe:revenue': (
    ack?: Ack<{ revenue: ClientPayload<RevenueSummary> & { walletAddress: string } }>,
  ) => void;
  'unsubscribe:revenue': (ack?: Ack) => void;
};

/** What the authentication middleware stores on each socket. */
export type RealtimeSocketData = { caller: RealtimeCaller };
