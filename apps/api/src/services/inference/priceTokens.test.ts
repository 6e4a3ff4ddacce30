import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFixed, tokensCostUsd, tokensCostWei } from './priceTokens.js';

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
