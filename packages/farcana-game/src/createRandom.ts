/** A seeded source of integers; the same seed gives the same sequence on every JavaScript engine. */
export type Random = {
  /** An integer in [0, bound), bound ≤ 2^32. */
  below: (bound: number) => number;
  /** The generator's four state words, so a state can be compared or hashed. */
  state: () => readonly [number, number, number, number];
};

/** A game seed: 32 bytes as 0x-prefixed lower-case hex, issued by the server. */
export const GAME_SEED_PATTERN = /^0x[0-9a-f]{64}$/;

/**
 * sfc32 over four 32-bit words folded from the seed. Only 32-bit integer operations (`Math.imul`,
 * `>>>`, `|0`), so it never touches floating point and replays identically in browser and server.
 *
 * @param seed 0x-prefixed 32-byte hex (`GAME_SEED_PATTERN`).
 * @returns A generator positioned after a short warm-up.
 * @example
 * const random = createRandom(`0x${'ab'.repeat(32)}`);
 * const lane = random.below(5);
 */
export function createRandom(seed: string): Random {
  if (!GAME_SEED_PATTERN.test(seed)) throw new RangeError('seed must be 32 bytes of lower-case hex');
  const word = (index: number) => Number.parseInt(seed.slice(2 + index * 8, 10 + index * 8), 16);
  let a = word(0) | 0;
  let b = word(1) | 0;
  let c = word(2) | 0;
  let d = word(3) | 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // 256 bits into 128: the second half is mixed in after a few rounds rather than XORed onto the
  // first, so seeds with equal halves do not cancel out, and every seed byte matters.
  for (let i = 0; i < 4; i++) next();
  a ^= word(4);
  b ^= word(5);
  c ^= word(6);
  d ^= word(7);
  for (let i = 0; i < 12; i++) next();
  return {
    // Modulo bias is below 2^-24 for the small bounds the game uses and, above all, deterministic.
    below: (bound) => next() % bound,
    state: () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0],
  };
}
