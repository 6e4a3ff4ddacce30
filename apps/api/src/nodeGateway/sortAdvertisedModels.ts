import type { HelloMessage } from '@far/protocol';
import { getModelSpec } from '../models/modelCatalogue.js';
import type { NodeModel } from '../nodes/nodeRegistry.js';

/**
 * Splits a node's advertised models into those this coordinator sells on a GPU of the advertised
 * memory (catalogued, minimum VRAM met) and the rest, each with the reason it is refused.
 *
 * @param hello - the node's `hello`.
 * @returns the servable models and the refusal reasons.
 * @example
 * sortAdvertisedModels({ ...hello, gpu: { ...gpu, vramGb: 24 }, models: [{ id: 'far-demo' }, { id: 'llama-405b' }] })
 * // { servable: [{ id: 'far-demo' }], refused: ['llama-405b needs … GB of VRAM, this node has 24 GB'] }
 */
export function sortAdvertisedModels(hello: Pick<HelloMessage, 'gpu' | 'models'>): {
  servable: NodeModel[];
  refused: string[];
} {
  const servable: NodeModel[] = [];
  const refused: string[] = [];
  for (const model of hello.models) {
    const spec = getModelSpec(model.id);
    if (!spec) refused.push(`${model.id} is not in the model catalogue`);
    else if (hello.gpu.vramGb < spec.minVramGb)
      refused.push(`${model.id} needs ${spec.minVramGb} GB of VRAM, this node has ${hello.gpu.vramGb} GB`);
    else servable.push(model);
  }
  return { servable, refused };
}
