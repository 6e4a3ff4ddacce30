import type { NodeModelCapability } from '@far/protocol';
import type { LiveNode, NodeRegistry } from '../nodes/nodeRegistry.js';

export type SelectNodeParameters = {
  model: string;
  /** What the task needs the model for (default `chat`): only nodes that announced it qualify. */
  capability?: NodeModelCapability | undefined;
  /** The model's minimum GPU memory; nodes with less are never chosen even if they advertise it. */
  minVramGb: number;
  /** Nodes not to choose, e.g. one that just failed this task. */
  exclude?: ReadonlySet<string> | undefined;
};

/**
 * Whether `node` may take a task for a model needing `minVramGb` right now.
 *
 * @returns true when online (not draining/suspended), big enough, and with a free slot.
 */
function isEligible(node: LiveNode, minVramGb: number): boolean {
  return node.status === 'online' && node.gpu.vramGb >= minVramGb && node.activeTasks < node.maxConcurrency;
}

/**
 * Whether `node` announced `capability` for `model`; a model announced without capabilities is
 * chat only (nodes from before embeddings).
 */
export function nodeServesCapability(
  node: LiveNode,
  model: string,
  capability: NodeModelCapability | undefined,
): boolean {
  const wanted = capability ?? 'chat';
  const entry = node.models.find((m) => m.id === model);
  return entry !== undefined && (entry.capabilities ?? ['chat']).includes(wanted);
}

/**
 * True when `a` should be chosen over `b`: higher score first, then the lower share of its slots
 * in use, then fewer running tasks, then node id so the choice is deterministic.
 */
function isBetterNode(a: LiveNode, b: LiveNode): boolean {
  if (a.score !== b.score) return a.score > b.score;
  const loadA = a.activeTasks / a.maxConcurrency;
  const loadB = b.activeTasks / b.maxConcurrency;
  if (loadA !== loadB) return loadA < loadB;
  if (a.activeTasks !== b.activeTasks) return a.activeTasks < b.activeTasks;
  return a.nodeId < b.nodeId;
}

/**
 * Picks the best node for a task: eligible (`isEligible`) and best by `isBetterNode`. One pass over
 * the registry's per-model index, no sort: O(nodes serving the model) per request instead of
 * sorting every node in the network.
 *
 * @param registry - the live nodes.
 * @param params - the model and its VRAM minimum.
 * @returns the chosen node (its slot is not taken; see `createScheduler`), or undefined if none fits.
 * @example
 * const node = selectNode(registry, { model: 'llama-70b', minVramGb: 140 });
 */
export function selectNode(registry: NodeRegistry, params: SelectNodeParameters): LiveNode | undefined {
  let best: LiveNode | undefined;
  for (const node of registry.nodesServing(params.model)) {
    if (!isEligible(node, params.minVramGb) || params.exclude?.has(node.nodeId)) continue;
    if (!nodeServesCapability(node, params.model, params.capability)) continue;
    if (best === undefined || isBetterNode(node, best)) best = node;
  }
  return best;
}
