import type { NodeRegistry } from '../nodes/nodeRegistry.js';
import { nodeServesCapability } from './selectNode.js';

/**
 * Whether any online node computes embeddings of `model` (busy or not): checked before an
 * embeddings request reserves anything, so a request no node could serve costs no ledger write.
 *
 * @example
 * if (!hasEmbeddingNode(registry, 'far-demo')) throw new NoNodeAvailableError('far-demo', 'no_eligible_node');
 */
export function hasEmbeddingNode(registry: Pick<NodeRegistry, 'nodesServing'>, model: string): boolean {
  for (const node of registry.nodesServing(model)) {
    if (node.status === 'online' && nodeServesCapability(node, model, 'embeddings')) return true;
  }
  return false;
}
