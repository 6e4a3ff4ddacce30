import type { HelloMessage } from '@far/protocol';
import type { ModelCatalogue } from '../models/readModelCatalogue.js';
import type { NodeModel } from '../nodes/nodeRegistry.js';

/**
 * Splits a node's advertised models into those this coordinator sells on a GPU of the advertised
 * memory and the rest, each with the reason it is refused: not in the catalogue (or retired),
 * minimum VRAM not met, or weights other than the catalogue pins, so the same id means the same
 * weights on every node: an announced hash that differs is refused, and so is a llama.cpp node
 * (which hashes the GGUF file it loads) announcing none. A node in front of an OpenAI-compatible
 * upstream cannot hash what the upstream loaded: its model is accepted by id, unverified, and
 * canaries and audits check what it returns. The hash is the node's claim either way, so it
 * catches a wrong file, not a liar; the audits catch the liar.
 *
 * @param hello - the node's `hello`.
 * @param catalogue - the model catalogue.
 * @returns the servable models and the refusal reasons.
 * @example
 * sortAdvertisedModels({ ...hello, gpu: { ...gpu, vramGb: 24 }, engine: 'llama', models: [{ id: 'far-demo', weightsSha256 }, { id: 'llama-405b' }] }, catalogue)
 * // { servable: [{ id: 'far-demo', weightsSha256 }], refused: ['llama-405b needs … GB of VRAM, this node has 24 GB'] }
 */
export function sortAdvertisedModels(
  hello: Pick<HelloMessage, 'gpu' | 'models' | 'engine'>,
  catalogue: ModelCatalogue,
): {
  servable: NodeModel[];
  refused: string[];
} {
  const servable: NodeModel[] = [];
  const refused: string[] = [];
  for (const model of hello.models) {
    const spec = catalogue.sellable(model.id);
    if (!spec) refused.push(`${model.id} is not in the model catalogue`);
    else if (hello.gpu.vramGb < spec.minVramGb)
      refused.push(`${model.id} needs ${spec.minVramGb} GB of VRAM, this node has ${hello.gpu.vramGb} GB`);
    else if (spec.weightsSha256 !== null && model.weightsSha256 === undefined && hello.engine === 'llama')
      refused.push(
        `${model.id} must be served from the catalogued weights (sha256 ${spec.weightsSha256}); announce weightsSha256`,
      );
    else if (
      spec.weightsSha256 !== null &&
      model.weightsSha256 !== undefined &&
      model.weightsSha256 !== spec.weightsSha256
    )
      refused.push(
        `${model.id} weights sha256 ${model.weightsSha256} do not match the catalogue's ${spec.weightsSha256}`,
      );
    else servable.push(model);
  }
  return { servable, refused };
}
