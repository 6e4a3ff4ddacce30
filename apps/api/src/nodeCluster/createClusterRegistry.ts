import type { NodeRegistry } from '../nodes/nodeRegistry.js';
import { type ClusterContext, postToCluster } from './clusterContext.js';
import { createSlotAnnouncer } from './createSlotAnnouncer.js';
import type { ReplicaMessage } from './nodeClusterMessages.js';
import { announceLocalNode, announceNodes, dropRemoteNode, withdrawNode } from './nodeDirectory.js';

/**
 * The live registry of the whole cluster: this replica's nodes plus a mirror of every other
 * replica's. Changes to local nodes are announced (slot counts and scores coalesced, see
 * createSlotAnnouncer); slot and status changes to remote ones stay local (the owning replica's
 * count is authoritative), and a remote node's new score goes to the replica that holds it.
 *
 * @param ctx - the cluster.
 * @returns the registry the gateway and its scheduler use.
 */
export function createClusterRegistry(ctx: ClusterContext): NodeRegistry {
  const { inner, remote } = ctx;
  const slots = createSlotAnnouncer(ctx);
  /** Announces a local node now; a slot change waiting to be announced goes with it. */
  const announce = (nodeId: string) => {
    slots.forget(nodeId);
    announceLocalNode(ctx, nodeId);
  };
  const isFull = (nodeId: string) => {
    const node = inner.get(nodeId);
    return node !== undefined && node.activeTasks >= node.maxConcurrency;
  };
  return {
    add(node) {
      // A node connecting here wins over another replica's (stale) claim on the same id.
      if (remote.has(node.nodeId)) dropRemoteNode(ctx, node.nodeId);
      inner.add(node);
      slots.forget(node.nodeId);
      announceNodes(ctx, [node]);
    },
    remove(nodeId) {
      if (remote.has(nodeId)) return undefined;
      const node = inner.remove(nodeId);
      slots.forget(nodeId);
      if (node) withdrawNode(ctx, nodeId);
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
      announce(nodeId);
    },
    setScore(nodeId, score) {
      inner.setScore(nodeId, score);
      const entry = remote.get(nodeId);
      const message: ReplicaMessage = { kind: 'score', nodeId, score };
      if (entry) void postToCluster(ctx, ctx.names.replica(entry.replicaId), message);
      else slots.soon(nodeId);
    },
    setModels(nodeId, models) {
      inner.setModels(nodeId, models);
      announce(nodeId);
    },
    recordHeartbeat(nodeId, at, tokensPerSecond) {
      inner.recordHeartbeat(nodeId, at, tokensPerSecond);
    },
    tryAcquireSlot(nodeId) {
      const wasFull = isFull(nodeId);
      const taken = inner.tryAcquireSlot(nodeId);
      if (taken) slots.changed(nodeId, wasFull);
      return taken;
    },
    releaseSlot(nodeId) {
      const wasFull = isFull(nodeId);
      inner.releaseSlot(nodeId);
      slots.changed(nodeId, wasFull);
    },
    onCapacity: (listener) => inner.onCapacity(listener),
  };
}
