import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BaseError } from '../errors/BaseError.js';
import { usdToFarWei } from './usdToFarWei.js';

describe('usdToFarWei', () => {
  it('converts whole dollars at $0.10 per FAR', () => {
    expect(usdToFarWei('1', 10_000_000n)).toBe(10n * 10n ** 18n);
  });

  it('keeps sub-cent amounts exact', () => {
    // $0.0005 at $0.05/FAR = 0.01 FAR
    expect(usdToFarWei('0.0005', 5_000_000n)).toBe(10n ** 16n);
  });

  it('rounds up by default and down on request when the division is inexact', () => {
    // $1 at $3/FAR = 0.333… FAR
    expect(usdToFarWei('1', 300_000_000n)).toBe(333_333_333_333_333_334n);
    expect(usdToFarWei('1', 300_000_000n, { rounding: 'floor' })).toBe(333_333_333_333_333_333n);
  });

  it('returns zero for zero dollars', () => {
    expect(usdToFarWei('0', 1n)).toBe(0n);
    expect(usdToFarWei('0.000', 123n)).toBe(0n);
  });

  it('refuses malformed amounts and non-positive prices', () => {
    for (const bad of ['', '-1', '1e3', '.5', '1.', 'abc', '1,5']) {
      expect(() => usdToFarWei(bad, 10_000_000n)).toThrow(BaseError);
    }
    expect(() => usdToFarWei('1', 0n)).toThrow(/price/);
    expect(() => usdToFarWei('1', -5n)).toThrow(/price/);
  });

  it('floor and ceil bracket the exact value within one wei', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 20n }),
        fc.integer({ min: 0, max: 12 }),
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        (scaled, decimals, price) => {
          const digits = scaled.toString().padStart(decimals + 1, '0');
          const usd = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
          const floor = usdToFarWei(usd, price, { rounding: 'floor' });
          const ceil = usdToFarWei(usd, price);
          const numerator = scaled * 10n ** 26n;
          const denominator = price * 10n ** BigInt(decimals);
          expect(floor * denominator <= numerator).toBe(true);
          expect((floor + 1n) * denominator > numerator).toBe(true);
          expect(ceil - floor).toBe(numerator % denominator === 0n ? 0n : 1n);
        },
      ),
    );
  });
});
