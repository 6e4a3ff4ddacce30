/** What the network needs to know to sell and schedule one model. */
export type ModelSpec = {
  readonly id: string;
  /** Where the weights come from; informational. */
  readonly source: string;
  /** Smallest GPU memory, in GB, a node needs to serve the model. */
  readonly minVramGb: number;
  /** Expected generation speed, the yardstick of the score's speed factor. */
  readonly tokensPerSecond: number;
  /** USD per 1M tokens, as a decimal string so prices are exact (converted to FAR wei at request time). */
  readonly priceUsdPer1M: string;
};

/**
 * The models the network sells, with their list prices, plus `far-demo`, the tiny model the
 * project builds itself so a laptop can run a real node without a GPU. far-demo's expected speed is
 * set below what one CPU thread produced on the shared 2-core build machine (about 400 tokens per
 * second end to end through the coordinator, under load), so an ordinary laptop meets it.
 */
export const MODEL_CATALOGUE: Readonly<Record<string, ModelSpec>> = Object.freeze({
  'llama-70b': {
    id: 'llama-70b',
    source: 'meta-llama/Llama-2-70b-chat-hf',
    minVramGb: 140,
    tokensPerSecond: 50,
    priceUsdPer1M: '3.0',
  },
  'mixtral-8x22b': {
    id: 'mixtral-8x22b',
    source: 'mistralai/Mixtral-8x22B-Instruct-v0.1',
    minVramGb: 180,
    tokensPerSecond: 40,
    priceUsdPer1M: '5.0',
  },
  'llama-405b': {
    id: 'llama-405b',
    source: 'meta-llama/Llama-3-405b-instruct',
    minVramGb: 810,
    tokensPerSecond: 30,
    priceUsdPer1M: '15.0',
  },
  'far-demo': {
    id: 'far-demo',
    source: '.far/models/far-demo.gguf (built by apps/node/src/demoModel)',
    minVramGb: 0,
    tokensPerSecond: 200,
    priceUsdPer1M: '0.50',
  },
});

/**
 * Looks up a model's spec.
 *
 * @param modelId - e.g. `llama-70b`.
 * @returns the spec, or undefined for a model the network does not sell.
 */
export function getModelSpec(modelId: string): ModelSpec | undefined {
  return Object.hasOwn(MODEL_CATALOGUE, modelId) ? MODEL_CATALOGUE[modelId] : undefined;
}

/**
 * The models a GPU with `vramGb` of memory can run: those whose VRAM minimum it meets.
 *
 * @param vramGb - the node's GPU memory in GB.
 * @returns model ids in registry order.
 * @example
 * supportedModels(160) // ['llama-70b', 'far-demo']
 */
export function supportedModels(vramGb: number): string[] {
  return Object.values(MODEL_CATALOGUE)
    .filter((m) => vramGb >= m.minVramGb)
    .map((m) => m.id);
}
