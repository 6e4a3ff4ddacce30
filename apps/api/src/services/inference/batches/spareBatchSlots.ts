import type { NodeModelCapability } from '@far/protocol';
import type { NodeRegistry } from '../../../nodes/nodeRegistry.js';

/** What a batch request needs of a node: the model, served for this capability. */
export type BatchSlotKind = { model: string; capability: NodeModelCapability };

/** The spare slots batch work may take now, each one a real slot of one node (see `spareBatchSlots`). */
export type SpareBatchSlots = {
  /** The kinds of request some node has a spare slot for, in the nodes' order. */
  kinds(): BatchSlotKind[];
  /** Spare slots left for requests of `kind`: the free slots of the nodes serving it. */
  available(kind: BatchSlotKind): number;
  /**
   * Counts `count` requests of `kind` as placed: each takes a slot of a node serving it, nodes
   * serving fewer other kinds first, so a slot is never counted for two requests.
   */
  take(kind: BatchSlotKind, count: number): void;
};

/** One string per kind, for sets and maps of kinds. */
export const batchSlotKey = (kind: BatchSlotKind) => `${kind.capability}\u0000${kind.model}`;

/**
 * The task slots batch work may take now, so interactive traffic keeps priority: only online nodes'
 * free slots count, each node keeps `reservedShare` of its slots (rounded down) for interactive
 * requests, and a model with interactive requests waiting in the scheduler's queue gets none. A
 * node's free slot may serve any model and capability it announced (chat or embeddings, as
 * `selectNode` places them), but only one request: the answer counts each slot once across all of
 * them, so a node serving several models is not offered once per model.
 *
 * @param registry - the live nodes.
 * @param queued - interactive requests waiting for a model's node.
 * @param reservedShare - the share of each node's slots batch work leaves free (0..1).
 * @returns the spare slots.
 * @example
 * const spare = spareBatchSlots(registry, (m) => scheduler.queued(m), 0.25);
 * spare.available({ model: 'far-demo', capability: 'chat' }) // 3
 */
export function spareBatchSlots(
  registry: Pick<NodeRegistry, 'all'>,
  queued: (model: string) => number,
  reservedShare: number,
): SpareBatchSlots {
  const nodes: { free: number; kinds: Set<string> }[] = [];
  const kinds = new Map<string, BatchSlotKind>();
  for (const node of registry.all()) {
    if (node.status !== 'online') continue;
    const reserved = Math.floor(node.maxConcurrency * reservedShare);
    const free = node.maxConcurrency - reserved - node.activeTasks;
    if (free <= 0) continue;
    const served = new Set<string>();
    for (const model of node.models) {
      if (queued(model.id) > 0) continue;
      // A model announced without capabilities is served for chat (`selectNode`).
      for (const capability of model.capabilities ?? ['chat']) {
        const kind = { model: model.id, capability };
        const key = batchSlotKey(kind);
        served.add(key);
        if (!kinds.has(key)) kinds.set(key, kind);
      }
    }
    if (served.size > 0) nodes.push({ free, kinds: served });
  }
  const serving = (key: string) => nodes.filter((n) => n.free > 0 && n.kinds.has(key));
  return {
    kinds: () => [...kinds.values()],
    available: (kind) => serving(batchSlotKey(kind)).reduce((sum, n) => sum + n.free, 0),
    take(kind, count) {
      let left = count;
      for (const node of serving(batchSlotKey(kind)).sort((a, b) => a.kinds.size - b.kinds.size)) {
        const taken = Math.min(node.free, left);
        node.free -= taken;
        left -= taken;
        if (left === 0) return;
      }
    },
  };
}
