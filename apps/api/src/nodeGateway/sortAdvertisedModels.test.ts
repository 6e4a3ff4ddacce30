import { describe, expect, it } from 'vitest';
import { FAR_DEMO_SHA256, farDemoModel } from '../../test/support/farDemoModel.js';
import type { ModelSpec } from '../models/ModelSpec.js';
import type { ModelCatalogue } from '../models/readModelCatalogue.js';
import { sortAdvertisedModels } from './sortAdvertisedModels.js';

const big: ModelSpec = { ...farDemoModel, id: 'llama-405b', minVramGb: 810, weightsSha256: null };
const open: ModelSpec = {
  ...farDemoModel,
  id: 'qwen2.5-7b-instruct-q4_k_m',
  minVramGb: 8,
  weightsSha256: null,
};
const retired: ModelSpec = { ...farDemoModel, id: 'old-model', weightsSha256: null, status: 'retired' };
const specs = [farDemoModel, big, open, retired];
const catalogue: ModelCatalogue = {
  sellable: (id) => specs.find((m) => m.id === id && m.status === 'active'),
  find: (id) => specs.find((m) => m.id === id),
  list: () => specs,
};
const gpu = { name: 'RTX 4090', vramGb: 24, kind: 'cuda' } as const;

describe('sortAdvertisedModels', () => {
  it('serves catalogued models the GPU can hold and names why it refuses the others', () => {
    const { servable, refused } = sortAdvertisedModels(
      {
        gpu,
        engine: 'llama',
        models: [
          { id: 'far-demo', weightsSha256: FAR_DEMO_SHA256 },
          { id: 'llama-405b' },
          { id: 'made-up' },
          { id: 'old-model' },
        ],
      },
      catalogue,
    );
    expect(servable).toEqual([{ id: 'far-demo', weightsSha256: FAR_DEMO_SHA256 }]);
    expect(refused).toEqual([
      'llama-405b needs 810 GB of VRAM, this node has 24 GB',
      'made-up is not in the model catalogue',
      'old-model is not in the model catalogue',
    ]);
  });

  it('refuses a pinned model announced with other weights, or with none by a llama.cpp node; accepts any weights for an unpinned one', () => {
    const other = 'f'.repeat(64);
    const { servable, refused } = sortAdvertisedModels(
      {
        gpu,
        engine: 'openai',
        models: [
          { id: 'far-demo', weightsSha256: other },
          { id: 'qwen2.5-7b-instruct-q4_k_m', weightsSha256: other },
        ],
      },
      catalogue,
    );
    expect(servable.map((m) => m.id)).toEqual(['qwen2.5-7b-instruct-q4_k_m']);
    expect(refused).toEqual([
      `far-demo weights sha256 ${other} do not match the catalogue's ${FAR_DEMO_SHA256}`,
    ]);
    const unannounced = sortAdvertisedModels(
      { gpu, engine: 'llama', models: [{ id: 'far-demo' }] },
      catalogue,
    );
    expect(unannounced.servable).toEqual([]);
    expect(unannounced.refused[0]).toMatch(
      /far-demo must be served from the catalogued weights.*announce weightsSha256/,
    );
    // An upstream's weights cannot be hashed by the node: accepted by id (audits check its output).
    const upstream = sortAdvertisedModels({ gpu, engine: 'openai', models: [{ id: 'far-demo' }] }, catalogue);
    expect(upstream.servable).toEqual([{ id: 'far-demo' }]);
  });
});
