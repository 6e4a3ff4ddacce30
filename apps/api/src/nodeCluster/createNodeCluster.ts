import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import type { Bus, BusUnsubscribe } from '../bus/Bus.js';
import type { TaskHandle, TaskLink } from '../dispatch/dispatchTypes.js';
import {
  createInMemoryNodeRegistry,
  type LiveNode,
  type NodeModel,
  type NodeRegistry,
} from '../nodes/nodeRegistry.js';
import type { Logger } from '../observability/createLogger.js';
import {
  LiveNodeSnapshotSchema,
  type NodeDirectoryMessage,
  NodeDirectoryMessageSchema,
  type RemoteTaskMessage,
  RemoteTaskMessageSchema,
  type ReplicaMessage,
  ReplicaMessageSchema,
} from './nodeClusterMessages.js';

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

/** The gateway's side of the cluster: what another replica's request may do to a local node. */
export type LocalNodeAccess = {
  /** Registers `handle` on the node's connection (the gateway's own `openTask`). */
  openTask(nodeId: string, taskId: string, handle: TaskHandle): TaskLink | undefined;
  /** Counts a protocol violation another replica saw in the node's task frames. */
  reportViolation(nodeId: string, reason: string): void;
  /** Disconnects the node, if this replica holds it, because an operator suspended it. */
  suspend(nodeId: string): void;
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
  /** Asks whichever replica holds the node to disconnect it (operator suspension). */
  suspend(nodeId: string): void;
  /** Starts serving other replicas' requests on this replica's nodes. */
  start(local: LocalNodeAccess): Promise<void>;
  /** Stops announcing, withdraws local nodes and unsubscribes (call after the nodes are dropped). */
  close(): Promise<void>;
};

type Snapshot = z.infer<typeof LiveNodeSnapshotSchema>;
type RemoteEntry = { replicaId: string; expiresAt: number };
type RemoteTask = { nodeId: string; handle: TaskHandle; open: boolean };
type ServedTask = { nodeId: string; link: TaskLink | undefined; finished: boolean };

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
  const { redis, bus, name, logger } = options;
  const announceIntervalMs = options.announceIntervalMs ?? 2_000;
  const entryTtlMs = options.entryTtlMs ?? announceIntervalMs * 3;
  const replicaId = randomUUID();
  const inner = createInMemoryNodeRegistry();
  const remote = new Map<string, RemoteEntry>();
  const remoteTasks = new Map<string, RemoteTask>();
  const served = new Map<string, ServedTask>();
  const nodesChannel = `${name}:nodes`;
  const replicaChannel = (id: string) => `${name}:replica:${id}`;
  const taskChannel = (taskId: string) => `${name}:task:${taskId}`;
  const nodeKey = (id: string, nodeId: string) => `${name}:node:${id}:${nodeId}`;
  let local: LocalNodeAccess | undefined;
  let closed = false;
  const unsubscribes: BusUnsubscribe[] = [];
  const timers: NodeJS.Timeout[] = [];

  /**
   * Publishes on the bus; one bus instance keeps the order of its messages per channel. Failures
   * are logged (the task then times out like one whose node went silent).
   */
  const pending = new Set<Promise<unknown>>();
  const post = (channel: string, message: unknown): Promise<void> => {
    const sent = bus
      .publish(channel, message)
      .catch((error: unknown) => logger.warn({ err: error, channel }, 'cluster publish failed'))
      .finally(() => pending.delete(sent));
    pending.add(sent);
    return sent;
  };

  const isLocal = (nodeId: string): boolean => !remote.has(nodeId) && inner.get(nodeId) !== undefined;

  /** Writes the nodes' keys (with their TTL) and broadcasts them. */
  const announce = (nodes: LiveNode[]): void => {
    if (closed || nodes.length === 0) return;
    // A LiveNode is plain data: it goes out as its own JSON, parsed by LiveNodeSnapshotSchema.
    const write = redis.pipeline();
    for (const node of nodes)
      write.set(nodeKey(replicaId, node.nodeId), JSON.stringify(node), 'PX', entryTtlMs);
    write.exec().catch((error: unknown) => logger.warn({ err: error }, 'cluster: node keys not written'));
    void post(nodesChannel, { kind: 'up', replicaId, nodes });
  };
  const announceLocal = (nodeId: string): void => {
    const node = inner.get(nodeId);
    if (node && isLocal(nodeId)) announce([node]);
  };

  const withdraw = (nodeId: string): void => {
    if (closed) return;
    redis.del(nodeKey(replicaId, nodeId)).catch(() => {});
    void post(nodesChannel, { kind: 'down', replicaId, nodeId } satisfies NodeDirectoryMessage);
  };

  /** Fails the tasks this replica runs on a remote node that is gone. */
  const loseRemoteNode = (nodeId: string): void => {
    for (const task of [...remoteTasks.values()])
      if (task.nodeId === nodeId && task.open) task.handle.nodeLost();
  };

  const dropRemote = (nodeId: string): void => {
    if (!remote.delete(nodeId)) return;
    inner.remove(nodeId);
    loseRemoteNode(nodeId);
  };

  const mirror = (from: string, s: Snapshot, receivedAt: number): void => {
    const entry = remote.get(s.nodeId);
    const current = inner.get(s.nodeId);
    if (!entry && current) return; // this replica holds the node itself
    if (entry && entry.replicaId !== from) {
      // Two replicas claim the node (it reconnected elsewhere): the newer connection wins.
      if (current && current.connectedAt > s.connectedAt) return;
      dropRemote(s.nodeId);
    }
    remote.set(s.nodeId, { replicaId: from, expiresAt: receivedAt + entryTtlMs });
    const mirrored = entry?.replicaId === from ? current : undefined;
    if (!mirrored) {
      inner.add({ ...s });
      return;
    }
    // Updated in place (dispatches hold this object), then re-added so a freed slot wakes the queue.
    if (!sameModels(mirrored.models, s.models)) inner.setModels(s.nodeId, s.models);
    mirrored.status = s.status;
    mirrored.score = s.score;
    mirrored.activeTasks = s.activeTasks;
    mirrored.tokensPerSecond = s.tokensPerSecond;
    mirrored.lastHeartbeatAt = s.lastHeartbeatAt;
    inner.add(mirrored);
  };

  const onDirectory = (raw: unknown): void => {
    // This replica's own announcements come back too: skip them before parsing.
    if ((raw as { replicaId?: unknown } | null)?.replicaId === replicaId) return;
    const parsed = NodeDirectoryMessageSchema.safeParse(raw);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues }, 'cluster: bad directory message');
      return;
    }
    const message = parsed.data;
    switch (message.kind) {
      case 'up': {
        if (message.replicaId === replicaId) return;
        const now = Date.now();
        for (const s of message.nodes) mirror(message.replicaId, s, now);
        return;
      }
      case 'down':
        if (remote.get(message.nodeId)?.replicaId === message.replicaId) dropRemote(message.nodeId);
        return;
      case 'suspend':
        if (isLocal(message.nodeId)) local?.suspend(message.nodeId);
        return;
    }
  };

  /** Serving another replica's task on a local node. */
  const finishServed = (taskId: string): void => {
    const task = served.get(taskId);
    if (!task || task.finished) return;
    task.finished = true;
    served.delete(taskId);
    task.link?.close();
    registry.releaseSlot(task.nodeId);
  };
  const replyTo = (taskId: string, message: RemoteTaskMessage): Promise<unknown> =>
    post(taskChannel(taskId), message);

  const onReplicaMessage = (raw: unknown): void => {
    const parsed = ReplicaMessageSchema.safeParse(raw);
    if (!parsed.success) {
      logger.warn({ issues: parsed.error.issues }, 'cluster: bad replica message');
      return;
    }
    const message: ReplicaMessage = parsed.data;
    switch (message.kind) {
      case 'toNode': {
        const { taskId, nodeId } = message;
        if (message.message.type === 'task.cancel') {
          served.get(taskId)?.link?.send(message.message);
          return;
        }
        if (served.has(taskId)) return;
        if (!local || !isLocal(nodeId)) {
          void replyTo(taskId, { kind: 'lost' });
          return;
        }
        if (!registry.tryAcquireSlot(nodeId)) {
          // The origin's mirror was behind: the node is full (or no longer online).
          void replyTo(taskId, {
            kind: 'frame',
            message: { type: 'task.error', taskId, code: 'busy', message: `node ${nodeId} has no free slot` },
          });
          return;
        }
        const task: ServedTask = { nodeId, link: undefined, finished: false };
        served.set(taskId, task);
        task.link = local.openTask(nodeId, taskId, {
          onNodeMessage(frame) {
            void replyTo(taskId, { kind: 'frame', message: frame });
            if (frame.type === 'task.done' || frame.type === 'task.error') finishServed(taskId);
            return undefined;
          },
          nodeLost() {
            void replyTo(taskId, { kind: 'lost' });
            finishServed(taskId);
          },
        });
        if (!task.link) {
          void replyTo(taskId, { kind: 'lost' });
          finishServed(taskId);
          return;
        }
        task.link.send(message.message);
        return;
      }
      case 'close':
        finishServed(message.taskId);
        return;
      case 'score':
        if (isLocal(message.nodeId)) registry.setScore(message.nodeId, message.score);
        return;
      case 'violation':
        if (isLocal(message.nodeId)) local?.reportViolation(message.nodeId, message.reason);
        return;
    }
  };

  const registry: NodeRegistry = {
    add(node) {
      // A node connecting here wins over another replica's (stale) claim on the same id.
      if (remote.has(node.nodeId)) dropRemote(node.nodeId);
      inner.add(node);
      announce([node]);
    },
    remove(nodeId) {
      if (remote.has(nodeId)) return undefined;
      const node = inner.remove(nodeId);
      if (node) withdraw(nodeId);
      return node;
    },
    get: (nodeId) => inner.get(nodeId),
    nodesServing: (model) => inner.nodesServing(model),
    all: () => inner.all(),
    get size() {
      return inner.size;
    },
    setStatus(nodeId, status) {
      inner.setStatus(nodeId, status);
      announceLocal(nodeId);
    },
    setScore(nodeId, score) {
      inner.setScore(nodeId, score);
      const entry = remote.get(nodeId);
      if (entry)
        void post(replicaChannel(entry.replicaId), { kind: 'score', nodeId, score } satisfies ReplicaMessage);
      else announceLocal(nodeId);
    },
    setModels(nodeId, models) {
      inner.setModels(nodeId, models);
      announceLocal(nodeId);
    },
    recordHeartbeat(nodeId, at, tokensPerSecond) {
      inner.recordHeartbeat(nodeId, at, tokensPerSecond);
    },
    tryAcquireSlot(nodeId) {
      const taken = inner.tryAcquireSlot(nodeId);
      if (taken) announceLocal(nodeId);
      return taken;
    },
    releaseSlot(nodeId) {
      inner.releaseSlot(nodeId);
      announceLocal(nodeId);
    },
    onCapacity: (listener) => inner.onCapacity(listener),
  };

  return {
    replicaId,
    registry,
    isRemote: (nodeId) => remote.has(nodeId),
    openRemoteTask(nodeId, taskId, handle) {
      const entry = remote.get(nodeId);
      if (!entry || closed || remoteTasks.has(taskId)) return undefined;
      const task: RemoteTask = { nodeId, handle, open: true };
      remoteTasks.set(taskId, task);
      const channel = taskChannel(taskId);
      // Listen before the assignment leaves, so no frame of the answer can be missed.
      const subscribed = bus
        .subscribe(channel, (raw) => {
          if (!task.open) return;
          const parsed = RemoteTaskMessageSchema.safeParse(raw);
          if (!parsed.success) return logger.warn({ taskId, nodeId }, 'cluster: bad task frame');
          if (parsed.data.kind === 'lost') return handle.nodeLost();
          const violation = handle.onNodeMessage(parsed.data.message);
          if (violation) {
            logger.warn({ taskId, nodeId, violation }, 'remote node broke the protocol');
            void post(replicaChannel(entry.replicaId), {
              kind: 'violation',
              nodeId,
              taskId,
              reason: violation,
            } satisfies ReplicaMessage);
          }
        })
        .catch((error: unknown) => {
          logger.warn({ err: error, taskId }, 'cluster: could not listen for a remote task');
          queueMicrotask(() => task.open && handle.nodeLost());
          return undefined;
        });
      const toHolder = (message: ReplicaMessage): void => {
        void subscribed.then(() => post(replicaChannel(entry.replicaId), message));
      };
      return {
        send(message) {
          if (message.type !== 'task.assign' && message.type !== 'task.cancel') return;
          toHolder({ kind: 'toNode', origin: replicaId, nodeId, taskId, message });
        },
        close() {
          if (!task.open) return;
          task.open = false;
          remoteTasks.delete(taskId);
          toHolder({ kind: 'close', nodeId, taskId });
          void subscribed.then((unsubscribe) => unsubscribe?.()).catch(() => {});
        },
      };
    },
    suspend(nodeId) {
      void post(nodesChannel, { kind: 'suspend', nodeId } satisfies NodeDirectoryMessage);
    },
    async start(access) {
      local = access;
      unsubscribes.push(await bus.subscribe(nodesChannel, onDirectory));
      unsubscribes.push(await bus.subscribe(replicaChannel(replicaId), onReplicaMessage));
      // Nodes other replicas announced before this one listened.
      await loadDirectory().catch((error: unknown) =>
        logger.warn({ err: error }, 'cluster: could not read the node directory; waiting for announcements'),
      );
      timers.push(
        setInterval(() => {
          const mine = [...inner.all()].filter((n) => isLocal(n.nodeId));
          announce(mine);
          const now = Date.now();
          for (const [nodeId, entry] of remote) if (entry.expiresAt <= now) dropRemote(nodeId);
        }, announceIntervalMs),
      );
      for (const timer of timers) timer.unref();
    },
    async close() {
      for (const timer of timers) clearInterval(timer);
      for (const nodeId of [...inner.all()].map((n) => n.nodeId)) {
        if (isLocal(nodeId)) withdraw(nodeId);
      }
      for (const taskId of [...served.keys()]) {
        void replyTo(taskId, { kind: 'lost' });
        finishServed(taskId);
      }
      closed = true;
      await Promise.allSettled([...pending]);
      await Promise.allSettled(unsubscribes.map((unsubscribe) => unsubscribe()));
    },
  };

  async function loadDirectory(): Promise<void> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${name}:node:*`, 'COUNT', 500);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    const others = keys.filter((k) => !k.startsWith(`${name}:node:${replicaId}:`));
    if (others.length === 0) return;
    const values = await redis.mget(...others);
    const now = Date.now();
    others.forEach((key, i) => {
      const from = key.slice(`${name}:node:`.length).split(':')[0] as string;
      const value = values[i];
      if (!value) return;
      const parsed = LiveNodeSnapshotSchema.safeParse(JSON.parse(value));
      if (parsed.success) mirror(from, parsed.data, now);
    });
  }
}

function sameModels(a: readonly NodeModel[], b: readonly NodeModel[]): boolean {
  return (
    a.length === b.length && a.every((m, i) => m.id === b[i]?.id && m.contextLength === b[i]?.contextLength)
  );
}
