import type { Redis } from 'ioredis';
import type { Bus } from '../bus/Bus.js';
import type { TaskHandle, TaskLink } from '../dispatch/dispatchTypes.js';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';
import type { Logger } from '../observability/createLogger.js';

/** The gateway's side of the cluster: what another replica's request may do to a local node. */
export type LocalNodeAccess = {
  /** Registers `handle` on the node's connection (the gateway's own `openTask`). */
  openTask(nodeId: string, taskId: string, handle: TaskHandle): TaskLink | undefined;
  /** Counts a protocol violation another replica saw in the node's task frames. */
  reportViolation(nodeId: string, reason: string): void;
  /** Disconnects the node, if this replica holds it, because an operator (or the audits, with their findings) suspended it. */
  suspend(nodeId: string, auditFindings?: string): void;
};

/** The Redis keys and bus channels of one cluster. */
export type ClusterNames = {
  /** Directory broadcasts: which replica holds which node. */
  nodes: string;
  /** Messages to the replica that holds a node's WebSocket. */
  replica(replicaId: string): string;
  /** A node's frames for one task, back to the dispatching replica. */
  task(taskId: string): string;
  /** The key announcing that `replicaId` holds `nodeId`. */
  nodeKey(replicaId: string, nodeId: string): string;
  /** What every node key starts with. */
  nodeKeyPrefix: string;
};

/**
 * The keys and channels of the cluster `name`.
 *
 * @param name - the cluster's namespace.
 * @returns its names.
 * @example
 * clusterNames('far').task('t1') // 'far:task:t1'
 */
export function clusterNames(name: string): ClusterNames {
  return {
    nodes: `${name}:nodes`,
    replica: (id) => `${name}:replica:${id}`,
    task: (taskId) => `${name}:task:${taskId}`,
    nodeKey: (id, nodeId) => `${name}:node:${id}:${nodeId}`,
    nodeKeyPrefix: `${name}:node:`,
  };
}

/** A node another replica holds, as long as its announcement lasts. */
export type RemoteEntry = { replicaId: string; expiresAt: number };
/** A task this replica dispatched to another replica's node. */
export type RemoteTask = { nodeId: string; handle: TaskHandle; open: boolean };
/** A task this replica runs on one of its nodes for another replica. */
export type ServedTask = { nodeId: string; link: TaskLink | undefined; finished: boolean };

/** What every part of one replica's cluster membership shares. */
export type ClusterContext = {
  readonly redis: Redis;
  readonly bus: Bus;
  readonly logger: Logger;
  readonly names: ClusterNames;
  readonly replicaId: string;
  readonly entryTtlMs: number;
  /** Every node this replica sees, its own and the mirrored ones. */
  readonly inner: NodeRegistry;
  /** The mirrored nodes, by id. */
  readonly remote: Map<string, RemoteEntry>;
  readonly remoteTasks: Map<string, RemoteTask>;
  readonly served: Map<string, ServedTask>;
  /** Bus publishes still running, awaited by close(). */
  readonly pending: Set<Promise<unknown>>;
  /** The cluster's registry (announces local changes); set once it is built. */
  registry: NodeRegistry;
  local: LocalNodeAccess | undefined;
  closed: boolean;
};

/**
 * Publishes on the bus; one bus instance keeps the order of its messages per channel. Failures are
 * logged (the task then times out like one whose node went silent).
 *
 * @param ctx - the cluster.
 * @param channel - where.
 * @param message - what.
 * @returns once published (never rejects).
 */
export function postToCluster(ctx: ClusterContext, channel: string, message: unknown): Promise<void> {
  const sent = ctx.bus
    .publish(channel, message)
    .catch((error: unknown) => ctx.logger.warn({ err: error, channel }, 'cluster publish failed'))
    .finally(() => ctx.pending.delete(sent));
  ctx.pending.add(sent);
  return sent;
}

/** True when this replica holds the node's WebSocket itself. */
export function isLocalNode(ctx: ClusterContext, nodeId: string): boolean {
  return !ctx.remote.has(nodeId) && ctx.inner.get(nodeId) !== undefined;
}
