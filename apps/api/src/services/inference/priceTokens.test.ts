import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed, taskCostUsd, taskCostWei, tokensCostUsd, tokensCostWei } from './priceTokens.js';

describe('tokensCostWei', () => {
  it('prices a million tokens at the list price converted at the feed price', () => {
    // $3 per 1M tokens at $0.10 per FAR = 30 FAR.
    expect(tokensCostWei(1_000_000, '3.0', 10_000_000n)).toBe(30n * 10n ** 18n);
    // $0.50 per 1M at $0.10 = 5 FAR per 1M tokens = 5e12 wei per token.
    expect(tokensCostWei(1, '0.50', 10_000_000n)).toBe(5n * 10n ** 12n);
  });

  it('rounds up to the next wei and is zero only for zero tokens', () => {
    expect(tokensCostWei(0, '3.0', 10_000_000n)).toBe(0n);
    expect(tokensCostWei(1, '3.0', 3n)).toBeGreaterThan(0n);
  });

  it('is additive within one wei of rounding per part', () => {
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.nat(100_000),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (a, b, price) => {
          const whole = tokensCostWei(a + b, '15.0', price);
          const parts = tokensCostWei(a, '15.0', price) + tokensCostWei(b, '15.0', price);
          expect(parts - whole).toBeGreaterThanOrEqual(0n);
          expect(parts - whole).toBeLessThanOrEqual(1n);
        },
      ),
    );
  });

  it('refuses a non-positive price', () => {
    expect(() => tokensCostWei(10, '3.0', 0n)).toThrow(/positive/);
  });
});

describe('tokensCostUsd', () => {
  it('gives 8 decimals', () => {
    expect(tokensCostUsd(1_000_000, '3.0')).toBe('3.00000000');
    expect(tokensCostUsd(1, '0.50')).toBe('0.00000050');
  });
});

describe('formatFixed', () => {
  it('formats with implied decimals', () => {
    expect(formatFixed(150_000_000n, 8)).toBe('1.50000000');
    expect(formatFixed(5n, 18)).toBe('0.000000000000000005');
  });
});

describe('taskCostWei and taskCostUsd (separate input and output prices)', () => {
  const llama = { inputPriceUsdPer1M: '0.02', outputPriceUsdPer1M: '0.05' };

  it('prices prompt tokens at the input price and completion tokens at the output price', () => {
    // 1M in at $0.02 + 1M out at $0.05 = $0.07 = 0.7 FAR at $0.10.
    expect(taskCostWei(llama, { promptTokens: 1_000_000, completionTokens: 1_000_000 }, 10_000_000n)).toBe(
      7n * 10n ** 17n,
    );
    expect(taskCostWei(llama, { promptTokens: 1_000_000, completionTokens: 0 }, 10_000_000n)).toBe(
      2n * 10n ** 17n,
    );
    expect(taskCostWei(llama, { promptTokens: 0, completionTokens: 1_000_000 }, 10_000_000n)).toBe(
      5n * 10n ** 17n,
    );
    expect(taskCostUsd(llama, { promptTokens: 1_000_000, completionTokens: 1_000_000 })).toBe('0.07000000');
    // Prices with different numbers of decimals share one denominator.
    expect(
      taskCostUsd(
        { inputPriceUsdPer1M: '0.5', outputPriceUsdPer1M: '0.055' },
        { promptTokens: 2_000_000, completionTokens: 1_000_000 },
      ),
    ).toBe('1.05500000');
  });

  it('equals the single-price cost of all tokens when input and output prices are equal (the money tests of far-demo)', () => {
    fc.assert(
      fc.property(
        fc.nat(200_000),
        fc.nat(200_000),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (p, c, price) => {
          const equal = { inputPriceUsdPer1M: '0.50', outputPriceUsdPer1M: '0.5' };
          expect(taskCostWei(equal, { promptTokens: p, completionTokens: c }, price)).toBe(
            tokensCostWei(p + c, '0.50', price),
          );
          expect(taskCostUsd(equal, { promptTokens: p, completionTokens: c })).toBe(
            tokensCostUsd(p + c, '0.5'),
          );
        },
      ),
    );
  });

  it('rounds once: the exact fraction rounded up, never below either part priced alone', () => {
    fc.assert(
      fc.property(
        fc.nat(200_000),
        fc.nat(200_000),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (p, c, price) => {
          const whole = taskCostWei(llama, { promptTokens: p, completionTokens: c }, price);
          const parts =
            tokensCostWei(p, llama.inputPriceUsdPer1M, price) +
            tokensCostWei(c, llama.outputPriceUsdPer1M, price);
          expect(parts - whole).toBeGreaterThanOrEqual(0n);
          expect(parts - whole).toBeLessThanOrEqual(1n);
          // The exact value times the denominator is at most the charge and less than one wei below it.
          const exact = (BigInt(p) * 2n + BigInt(c) * 5n) * 10n ** 18n * 10n ** 8n;
          const denominator = 1_000_000n * 100n * price;
          expect(whole * denominator).toBeGreaterThanOrEqual(exact);
          expect(whole * denominator - exact).toBeLessThan(denominator);
        },
      ),
    );
  });

  it('refuses negative or fractional token counts and a non-positive FAR price', () => {
    expect(() => taskCostWei(llama, { promptTokens: -1, completionTokens: 0 }, 1n)).toThrow(/token count/);
    expect(() => taskCostWei(llama, { promptTokens: 0, completionTokens: 1.5 }, 1n)).toThrow(/token count/);
    expect(() => taskCostWei(llama, { promptTokens: 1, completionTokens: 1 }, 0n)).toThrow(/positive/);
  });
});
