import type { NodeRegistry } from '../../../nodes/nodeRegistry.js';

/**
 * The task slots batch work may take now, per model, so interactive traffic keeps priority: only
 * online nodes' free slots count, each node keeps `reservedShare` of its slots (rounded down) for
 * interactive requests, and a model with interactive requests waiting in the scheduler's queue
 * gets none.
 *
 * @param registry - the live nodes.
 * @param queued - interactive requests waiting for a model's node.
 * @param reservedShare - the share of each node's slots batch work leaves free (0..1).
 * @returns free slots per model, only models with at least one.
 * @example
 * spareBatchSlots(registry, (m) => scheduler.queued(m), 0.25) // Map { 'far-demo' => 3 }
 */
export function spareBatchSlots(
  registry: Pick<NodeRegistry, 'all'>,
  queued: (model: string) => number,
  reservedShare: number,
): Map<string, number> {
  const slots = new Map<string, number>();
  for (const node of registry.all()) {
    if (node.status !== 'online') continue;
    const reserved = Math.floor(node.maxConcurrency * reservedShare);
    const free = node.maxConcurrency - reserved - node.activeTasks;
    if (free <= 0) continue;
    for (const model of node.models) {
      if (queued(model.id) > 0) continue;
      slots.set(model.id, (slots.get(model.id) ?? 0) + free);
    }
  }
  return slots;
}
