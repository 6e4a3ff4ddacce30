import { describe, expect, it } from 'vitest';
import { getModelSpec } from '../models/modelCatalogue.js';
import { sortAdvertisedModels } from './sortAdvertisedModels.js';

describe('sortAdvertisedModels', () => {
  it('serves catalogued models the GPU can hold and names why it refuses the others', () => {
    const big = getModelSpec('llama-405b');
    expect(big).toBeDefined();
    const gpu = { name: 'RTX 4090', vramGb: 24, kind: 'cuda' } as const;
    const { servable, refused } = sortAdvertisedModels({
      gpu,
      models: [{ id: 'far-demo' }, { id: 'llama-405b' }, { id: 'made-up' }],
    });
    expect(servable).toEqual([{ id: 'far-demo' }]);
    expect(refused).toEqual([
      `llama-405b needs ${big?.minVramGb} GB of VRAM, this node has 24 GB`,
      'made-up is not in the model catalogue',
    ]);
  });
});
