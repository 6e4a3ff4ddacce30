const scratch = new DataView(new ArrayBuffer(4));

/**
 * Converts a number to IEEE 754 half-precision bits, rounding to nearest-even like GGML does.
 * Node 20 has no `Math.f16round`, so the conversion is done on the float32 bit pattern.
 * @param value any number (first rounded to float32)
 * @returns the 16-bit pattern as an unsigned integer
 * @example
 * float32ToFloat16Bits(1); // 0x3c00
 */
export function float32ToFloat16Bits(value: number): number {
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;

  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0); // Inf / NaN
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00; // overflow → Inf
  if (halfExponent <= 0) {
    // Subnormal half (or zero): shift the implicit-1 mantissa into place with rounding.
    if (halfExponent < -10) return sign;
    const full = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    let half = full >>> shift;
    const remainder = full & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && (half & 1) === 1)) half += 1;
    return sign | half;
  }
  let half = (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  // Carry into the exponent is correct here: it rounds up to the next power of two (or Inf).
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half += 1;
  return sign | half;
}
