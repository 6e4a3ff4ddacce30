import { type ClusterContext, isLocalNode } from './clusterContext.js';
import { announceNodes } from './nodeDirectory.js';

/**
 * How long a local node's changed slot count may wait before it is announced, together with every
 * other change of the moment. Other replicas use the count only to prefer the less busy of their
 * nodes; the replica holding a node checks its own count before running a task there (a stale
 * mirror is answered `busy`), so a count this late is never wrong money or a lost task.
 */
export const SLOT_ANNOUNCE_DELAY_MS = 50;

export type SlotAnnouncer = {
  /** Announces the node's new slot count now if it became full or stopped being full, else soon. */
  changed(nodeId: string, wasFull: boolean): void;
  /** Announces the node with the next group (a change that only sets preferences, as a score). */
  soon(nodeId: string): void;
  /** Forgets a pending announcement of the node (it was just announced, or it is gone). */
  forget(nodeId: string): void;
};

/**
 * Coalesces the announcements of slot changes on this replica's nodes: at 50 requests a second
 * every task took and freed a slot and moved its node's score, each a Redis pipeline and a bus
 * message. A score change goes with the next group; a slot change that fills
 * a node or frees a full one is announced at once (other replicas stop picking it, or their queued
 * requests wake up); any other is sent with the others of the next {@link SLOT_ANNOUNCE_DELAY_MS},
 * as the node stands then.
 *
 * @param ctx - the cluster.
 * @returns `changed`, `soon` and `forget`.
 * @example
 * const slots = createSlotAnnouncer(ctx);
 * slots.changed(nodeId, wasFull);
 */
export function createSlotAnnouncer(ctx: ClusterContext): SlotAnnouncer {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;

  const flush = () => {
    timer = undefined;
    const nodes = [...pending].flatMap((nodeId) => {
      const node = ctx.inner.get(nodeId);
      return node && isLocalNode(ctx, nodeId) ? [node] : [];
    });
    pending.clear();
    announceNodes(ctx, nodes);
  };

  const soon = (nodeId: string) => {
    pending.add(nodeId);
    if (timer === undefined) {
      timer = setTimeout(flush, SLOT_ANNOUNCE_DELAY_MS);
      timer.unref();
    }
  };

  return {
    changed(nodeId, wasFull) {
      const node = ctx.inner.get(nodeId);
      if (!node || !isLocalNode(ctx, nodeId)) return;
      if (wasFull !== node.activeTasks >= node.maxConcurrency) {
        pending.delete(nodeId);
        announceNodes(ctx, [node]);
        return;
      }
      soon(nodeId);
    },
    soon,
    forget(nodeId) {
      pending.delete(nodeId);
    },
  };
}
