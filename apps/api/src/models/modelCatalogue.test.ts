import { describe, expect, it } from 'vitest';
import { getModelSpec, MODEL_CATALOGUE, supportedModels } from './modelCatalogue.js';

describe('modelCatalogue', () => {
  it('lists the catalogued models with their VRAM minimum, speed and price', () => {
    expect(getModelSpec('llama-70b')).toMatchObject({
      minVramGb: 140,
      tokensPerSecond: 50,
      priceUsdPer1M: '3.0',
    });
    expect(getModelSpec('mixtral-8x22b')).toMatchObject({
      minVramGb: 180,
      tokensPerSecond: 40,
      priceUsdPer1M: '5.0',
    });
    expect(getModelSpec('llama-405b')).toMatchObject({
      minVramGb: 810,
      tokensPerSecond: 30,
      priceUsdPer1M: '15.0',
    });
  });

  it('offers a GPU the models whose VRAM minimum it meets', () => {
    expect(supportedModels(0)).toEqual(['far-demo']);
    expect(supportedModels(160)).toEqual(['llama-70b', 'far-demo']);
    expect(supportedModels(1000)).toEqual(Object.keys(MODEL_CATALOGUE));
  });

  it('does not resolve prototype keys as models', () => {
    expect(getModelSpec('toString')).toBeUndefined();
    expect(getModelSpec('__proto__')).toBeUndefined();
  });
});
