import { describe, expect, it } from 'vitest';
import { farToUsd } from './farToUsd';
import { formatUsd } from './formatUsd';

describe('formatUsd', () => {
  it('formats dollars with cents', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
  });

  it('keeps significant digits for per-request costs below a cent', () => {
    expect(formatUsd(0.000123)).toBe('$0.000123');
  });

  it('never shows exponent notation for dust amounts', () => {
    expect(formatUsd(7.29e-9)).toBe('< $0.000001');
  });

  it('shows a dash for values that are not numbers', () => {
    expect(formatUsd(Number.NaN)).toBe('—');
  });
});

describe('farToUsd', () => {
  it('values FAR at the feed price', () => {
    expect(farToUsd(20n * 10n ** 18n, '0.05')).toBeCloseTo(1);
  });
});
