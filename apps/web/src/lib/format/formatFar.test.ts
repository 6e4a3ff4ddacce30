import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFar } from './formatFar';
import { parseFarInput } from './parseFarInput';

describe('formatFar', () => {
  it('groups thousands and truncates to the requested decimals', () => {
    expect(formatFar(1_234_567_800_000_000_000_000n)).toBe('1,234.5678');
    expect(formatFar(1_999_999_999_999_999_999n, 2)).toBe('1.99');
  });

  it('drops trailing zeros and shows whole numbers bare', () => {
    expect(formatFar(10n ** 18n)).toBe('1');
    expect(formatFar(0n)).toBe('0');
    expect(formatFar(1_500_000_000_000_000_000n)).toBe('1.5');
  });

  it('keeps the full billion-token supply exact', () => {
    expect(formatFar(10n ** 27n)).toBe('1,000,000,000');
  });

  it('never shows more than is owned (truncation, not rounding)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), (wei) => {
        const parsed = parseFarInput(formatFar(wei, 18));
        if (wei === 0n) return;
        expect(parsed.ok && parsed.wei).toBe(wei);
        const shown = parseFarInput(formatFar(wei, 4));
        if (shown.ok) expect(shown.wei <= wei).toBe(true);
      }),
    );
  });

  it('signs negative amounts', () => {
    expect(formatFar(-2n * 10n ** 18n)).toBe('-2');
  });

  it('shows an amount too small for the digits kept as below the smallest digit, not as 0', () => {
    expect(formatFar(110_000_000_000_000n, 2)).toBe('<0.01');
    expect(formatFar(1n)).toBe('<0.0001');
    expect(formatFar(1n, 0)).toBe('<1');
    expect(formatFar(-1n, 2)).toBe('>-0.01');
    expect(formatFar(0n, 2)).toBe('0');
  });
});
