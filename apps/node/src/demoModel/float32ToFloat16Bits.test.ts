import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { float32ToFloat16Bits } from './float32ToFloat16Bits.js';

function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

describe('float32ToFloat16Bits', () => {
  it('encodes the values GGML documents exactly', () => {
    expect(float32ToFloat16Bits(0)).toBe(0x0000);
    expect(float32ToFloat16Bits(-0)).toBe(0x8000);
    expect(float32ToFloat16Bits(1)).toBe(0x3c00);
    expect(float32ToFloat16Bits(-2)).toBe(0xc000);
    expect(float32ToFloat16Bits(65504)).toBe(0x7bff);
    expect(float32ToFloat16Bits(1e6)).toBe(0x7c00);
    expect(float32ToFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(Number.isNaN(float16BitsToNumber(float32ToFloat16Bits(Number.NaN)))).toBe(true);
  });

  it('rounds every float to the nearest half-precision value', () => {
    fc.assert(
      fc.property(fc.float({ min: -60000, max: 60000, noNaN: true }), (value) => {
        const encoded = float16BitsToNumber(float32ToFloat16Bits(value));
        const error = Math.abs(encoded - value);
        // Neighbours one unit in the last place away must not be closer.
        for (const neighbour of [float32ToFloat16Bits(value) + 1, float32ToFloat16Bits(value) - 1]) {
          if ((neighbour & 0x7c00) === 0x7c00 || neighbour < 0) continue;
          expect(Math.abs(float16BitsToNumber(neighbour & 0xffff) - value)).toBeGreaterThanOrEqual(error);
        }
      }),
    );
  });
});
