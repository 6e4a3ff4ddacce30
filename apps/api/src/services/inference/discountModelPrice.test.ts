import { describe, expect, it } from 'vitest';
import type { ModelSpec } from '../../models/ModelSpec.js';
import { discountModelPrice } from './discountModelPrice.js';
import { taskCostWei } from './priceTokens.js';

const model = {
  id: 'test-model',
  inputPriceUsdPer1M: '0.50',
  outputPriceUsdPer1M: '1.5',
} as ModelSpec;
const usage = { promptTokens: 1_000_000, completionTokens: 1_000_000 };

describe('discountModelPrice', () => {
  it('halves both list prices exactly at 5000 basis points', () => {
    const half = discountModelPrice(model, 5_000);
    expect(half).toMatchObject({ inputPriceUsdPer1M: '0.250000', outputPriceUsdPer1M: '0.75000' });
    expect(taskCostWei(half, usage, 10_000_000n) * 2n).toBe(taskCostWei(model, usage, 10_000_000n));
  });

  it('keeps odd discounts exact and leaves no discount alone', () => {
    expect(discountModelPrice({ ...model, inputPriceUsdPer1M: '3' }, 1).inputPriceUsdPer1M).toBe('2.9997');
    expect(discountModelPrice({ ...model, inputPriceUsdPer1M: '0.01' }, 9_999).inputPriceUsdPer1M).toBe(
      '0.000001',
    );
    expect(discountModelPrice(model, 0)).toBe(model);
    expect(discountModelPrice(model, 10_000).outputPriceUsdPer1M).toBe('0.00000');
  });

  it('refuses a discount outside 0..10000', () => {
    expect(() => discountModelPrice(model, -1)).toThrow(RangeError);
    expect(() => discountModelPrice(model, 10_001)).toThrow(RangeError);
    expect(() => discountModelPrice(model, 0.5)).toThrow(RangeError);
  });
});
