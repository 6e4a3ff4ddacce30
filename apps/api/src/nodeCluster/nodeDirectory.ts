import type { z } from 'zod';
import type { LiveNode, NodeModel } from '../nodes/nodeRegistry.js';
import { type ClusterContext, isLocalNode, postToCluster } from './clusterContext.js';
import {
  LiveNodeSnapshotSchema,
  type NodeDirectoryMessage,
  NodeDirectoryMessageSchema,
} from './nodeClusterMessages.js';

type Snapshot = z.infer<typeof LiveNodeSnapshotSchema>;

/**
 * Writes the nodes' keys (with their TTL) and broadcasts them: this replica holds them now.
 *
 * @param ctx - the cluster.
 * @param nodes - nodes this replica holds.
 */
export function announceNodes(ctx: ClusterContext, nodes: LiveNode[]): void {
  if (ctx.closed || nodes.length === 0) return;
  // A LiveNode is plain data: it goes out as its own JSON, parsed by LiveNodeSnapshotSchema.
  const write = ctx.redis.pipeline();
  for (const node of nodes)
    write.set(ctx.names.nodeKey(ctx.replicaId, node.nodeId), JSON.stringify(node), 'PX', ctx.entryTtlMs);
  write.exec().catch((error: unknown) => ctx.logger.warn({ err: error }, 'cluster: node keys not written'));
  void postToCluster(ctx, ctx.names.nodes, { kind: 'up', replicaId: ctx.replicaId, nodes });
}

/** Announces one node again after a change, if this replica holds it. */
export function announceLocalNode(ctx: ClusterContext, nodeId: string): void {
  const node = ctx.inner.get(nodeId);
  if (node && isLocalNode(ctx, nodeId)) announceNodes(ctx, [node]);
}

/** Tells the cluster this replica no longer holds the node. */
export function withdrawNode(ctx: ClusterContext, nodeId: string): void {
  if (ctx.closed) return;
  ctx.redis.del(ctx.names.nodeKey(ctx.replicaId, nodeId)).catch(() => {});
  const message: NodeDirectoryMessage = { kind: 'down', replicaId: ctx.replicaId, nodeId };
  void postToCluster(ctx, ctx.names.nodes, message);
}

/** Forgets a mirrored node and fails the tasks this replica runs on it. */
export function dropRemoteNode(ctx: ClusterContext, nodeId: string): void {
  if (!ctx.remote.delete(nodeId)) return;
  ctx.inner.remove(nodeId);
  for (const task of [...ctx.remoteTasks.values()])
    if (task.nodeId === nodeId && task.open) task.handle.nodeLost();
}

/** Forgets every mirrored node whose announcement ran out. */
export function expireRemoteNodes(ctx: ClusterContext, now: number): void {
  for (const [nodeId, entry] of ctx.remote) if (entry.expiresAt <= now) dropRemoteNode(ctx, nodeId);
}

/** Mirrors another replica's node into this replica's registry, or refreshes the mirror. */
function mirrorRemoteNode(ctx: ClusterContext, from: string, s: Snapshot, receivedAt: number): void {
  const entry = ctx.remote.get(s.nodeId);
  const current = ctx.inner.get(s.nodeId);
  if (!entry && current) return; // this replica holds the node itself
  if (entry && entry.replicaId !== from) {
    // Two replicas claim the node (it reconnected elsewhere): the newer connection wins.
    if (current && current.connectedAt > s.connectedAt) return;
    dropRemoteNode(ctx, s.nodeId);
  }
  ctx.remote.set(s.nodeId, { replicaId: from, expiresAt: receivedAt + ctx.entryTtlMs });
  const mirrored = entry?.replicaId === from ? current : undefined;
  if (!mirrored) {
    ctx.inner.add({ ...s });
    return;
  }
  // Updated in place (dispatches hold this object), then re-added so a freed slot wakes the queue.
  if (!sameModels(mirrored.models, s.models)) ctx.inner.setModels(s.nodeId, s.models);
  mirrored.status = s.status;
  mirrored.score = s.score;
  mirrored.activeTasks = s.activeTasks;
  mirrored.tokensPerSecond = s.tokensPerSecond;
  mirrored.lastHeartbeatAt = s.lastHeartbeatAt;
  ctx.inner.add(mirrored);
}

/**
 * Handles a message of the directory channel: another replica's nodes up or down, or an
 * operator's suspension for whichever replica holds the node.
 *
 * @param ctx - the cluster.
 * @param raw - the message as the bus delivered it.
 */
export function handleDirectoryMessage(ctx: ClusterContext, raw: unknown): void {
  // This replica's own announcements come back too: skip them before parsing.
  if ((raw as { replicaId?: unknown } | null)?.replicaId === ctx.replicaId) return;
  const parsed = NodeDirectoryMessageSchema.safeParse(raw);
  if (!parsed.success) {
    ctx.logger.warn({ issues: parsed.error.issues }, 'cluster: bad directory message');
    return;
  }
  const message = parsed.data;
  switch (message.kind) {
    case 'up': {
      if (message.replicaId === ctx.replicaId) return;
      const now = Date.now();
      for (const s of message.nodes) mirrorRemoteNode(ctx, message.replicaId, s, now);
      return;
    }
    case 'down':
      if (ctx.remote.get(message.nodeId)?.replicaId === message.replicaId)
        dropRemoteNode(ctx, message.nodeId);
      return;
    case 'suspend':
      if (isLocalNode(ctx, message.nodeId)) ctx.local?.suspend(message.nodeId, message.auditFindings);
      return;
  }
}

/**
 * Mirrors the nodes other replicas announced before this one listened, from their Redis keys.
 *
 * @param ctx - the cluster.
 */
export async function loadNodeDirectory(ctx: ClusterContext): Promise<void> {
  const { redis, names } = ctx;
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${names.nodeKeyPrefix}*`, 'COUNT', 500);
    cursor = next;
    keys.push(...found);
  } while (cursor !== '0');
  const others = keys.filter((k) => !k.startsWith(`${names.nodeKeyPrefix}${ctx.replicaId}:`));
  if (others.length === 0) return;
  const values = await redis.mget(...others);
  const now = Date.now();
  others.forEach((key, i) => {
    const from = key.slice(names.nodeKeyPrefix.length).split(':')[0] as string;
    const value = values[i];
    if (!value) return;
    const parsed = LiveNodeSnapshotSchema.safeParse(JSON.parse(value));
    if (parsed.success) mirrorRemoteNode(ctx, from, parsed.data, now);
  });
}

/**
 * Whether two model lists are the same, in order.
 *
 * @example
 * sameModels([{ id: 'a' }], [{ id: 'a' }]) // true
 */
export function sameModels(a: readonly NodeModel[], b: readonly NodeModel[]): boolean {
  return (
    a.length === b.length && a.every((m, i) => m.id === b[i]?.id && m.contextLength === b[i]?.contextLength)
  );
}
