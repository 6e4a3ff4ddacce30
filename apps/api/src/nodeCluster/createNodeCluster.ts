import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Bus, BusUnsubscribe } from '../bus/Bus.js';
import type { TaskHandle, TaskLink } from '../dispatch/dispatchTypes.js';
import { createInMemoryNodeRegistry, type NodeRegistry } from '../nodes/nodeRegistry.js';
import type { Logger } from '../observability/createLogger.js';
import {
  type ClusterContext,
  clusterNames,
  isLocalNode,
  type LocalNodeAccess,
  postToCluster,
} from './clusterContext.js';
import { createClusterRegistry } from './createClusterRegistry.js';
import { finishServedTask, handleReplicaMessage, replyToDispatcher } from './handleReplicaMessage.js';
import type { NodeDirectoryMessage } from './nodeClusterMessages.js';
import {
  announceNodes,
  expireRemoteNodes,
  handleDirectoryMessage,
  loadNodeDirectory,
  withdrawNode,
} from './nodeDirectory.js';
import { openRemoteTask } from './openRemoteTask.js';

export type CreateNodeClusterOptions = {
  redis: Redis;
  bus: Bus;
  /** Namespace of the cluster's keys and channels: replicas with the same name share nodes. */
  name: string;
  logger: Logger;
  /** How often a replica re-announces the nodes it holds (default 2 s). */
  announceIntervalMs?: number;
  /** How long an announcement stays valid without a newer one (default 3 × the interval). */
  entryTtlMs?: number;
};

export type NodeCluster = {
  readonly replicaId: string;
  /**
   * The live registry of the whole cluster: this replica's nodes plus a mirror of every other
   * replica's, kept by their announcements. Changes to local nodes are announced; slot, status and
   * score changes to remote ones stay local (the owning replica's count is authoritative).
   */
  readonly registry: NodeRegistry;
  /** True when another replica holds the node's WebSocket. */
  isRemote(nodeId: string): boolean;
  /**
   * Opens a task on a node another replica holds: frames for the node go to that replica over
   * the bus and the node's frames come back the same way.
   *
   * @returns undefined when no replica holds the node.
   */
  openRemoteTask(nodeId: string, taskId: string, handle: TaskHandle): TaskLink | undefined;
  /** Asks whichever replica holds the node to disconnect it (suspended by an operator, or by the audits with their findings). */
  suspend(nodeId: string, auditFindings?: string): void;
  /** Starts serving other replicas' requests on this replica's nodes. */
  start(local: LocalNodeAccess): Promise<void>;
  /** Stops announcing, withdraws local nodes and unsubscribes (call after the nodes are dropped). */
  close(): Promise<void>;
};

/**
 * API replicas sharing their nodes through Redis (docs/architecture.md, "Scale-out"). Each replica
 * keeps the WebSockets of the nodes that connected to it and announces them every
 * `announceIntervalMs` (a Redis key per node with a TTL, and a bus broadcast); every replica
 * mirrors the others' nodes into its registry, so its scheduler chooses among all of them. A task
 * dispatched to a remote node travels as bus messages: `task.assign`/`task.cancel` to the holding
 * replica, the node's `task.*` frames back on a channel of the task. No sticky sessions: any
 * replica serves any client with any node. A replica that dies stops announcing, and its nodes
 * leave every mirror within the entry TTL (their tasks fail over like any lost node's).
 *
 * @param options - Redis, the bus, the cluster's name and timing.
 * @returns the cluster; `start` it with the gateway's local access before nodes connect.
 * @example
 * const cluster = createNodeCluster({ redis, bus, name: 'far', logger });
 * const gateway = createNodeGateway({ db, logger, publicUrl, cluster });
 */
export function createNodeCluster(options: CreateNodeClusterOptions): NodeCluster {
  const { bus, logger } = options;
  const announceIntervalMs = options.announceIntervalMs ?? 2_000;
  const ctx: ClusterContext = {
    redis: options.redis,
    bus,
    logger,
    names: clusterNames(options.name),
    replicaId: randomUUID(),
    entryTtlMs: options.entryTtlMs ?? announceIntervalMs * 3,
    inner: createInMemoryNodeRegistry(),
    remote: new Map(),
    remoteTasks: new Map(),
    served: new Map(),
    pending: new Set(),
    // The cluster registry is built over this context, so it is set right below.
    registry: undefined as unknown as NodeRegistry,
    local: undefined,
    closed: false,
  };
  ctx.registry = createClusterRegistry(ctx);
  const unsubscribes: BusUnsubscribe[] = [];
  const timers: NodeJS.Timeout[] = [];

  return {
    replicaId: ctx.replicaId,
    registry: ctx.registry,
    isRemote: (nodeId) => ctx.remote.has(nodeId),
    openRemoteTask: (nodeId, taskId, handle) => openRemoteTask(ctx, nodeId, taskId, handle),
    suspend(nodeId, auditFindings) {
      void postToCluster(ctx, ctx.names.nodes, {
        kind: 'suspend',
        nodeId,
        ...(auditFindings === undefined ? {} : { auditFindings }),
      } satisfies NodeDirectoryMessage);
    },
    async start(access) {
      ctx.local = access;
      unsubscribes.push(await bus.subscribe(ctx.names.nodes, (raw) => handleDirectoryMessage(ctx, raw)));
      unsubscribes.push(
        await bus.subscribe(ctx.names.replica(ctx.replicaId), (raw) => handleReplicaMessage(ctx, raw)),
      );
      // Nodes other replicas announced before this one listened.
      await loadNodeDirectory(ctx).catch((error: unknown) =>
        logger.warn({ err: error }, 'cluster: could not read the node directory; waiting for announcements'),
      );
      timers.push(
        setInterval(() => {
          announceNodes(
            ctx,
            [...ctx.inner.all()].filter((n) => isLocalNode(ctx, n.nodeId)),
          );
          expireRemoteNodes(ctx, Date.now());
        }, announceIntervalMs),
      );
      for (const timer of timers) timer.unref();
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const nodeId of [...ctx.inner.all()].map((n) => n.nodeId)) {
        if (isLocalNode(ctx, nodeId)) withdrawNode(ctx, nodeId);
      }
      for (const taskId of [...ctx.served.keys()]) {
        void replyToDispatcher(ctx, taskId, { kind: 'lost' });
        finishServedTask(ctx, taskId);
      }
      ctx.closed = true;
      await Promise.allSettled([...ctx.pending]);
      await Promise.allSettled(unsubscribes.map((unsubscribe) => unsubscribe()));
    },
  };
}
