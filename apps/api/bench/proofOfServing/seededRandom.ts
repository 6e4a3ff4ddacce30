/**
 * A small seeded generator (mulberry32), 0..1 like `Math.random`: each bench trial draws its own
 * sequence, so trials are independent of each other and a trial's draws can be replayed.
 *
 * @param seed - any 32-bit integer.
 * @returns the next number in 0..1 at each call.
 * @example
 * const random = seededRandom(7);
 * random() // same first value for seed 7 on every run
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
