import { z } from 'zod';

/**
 * The running state of a SHA-256 over a stream, as plain JSON: the eight chaining words, the bytes
 * not yet filling a 64-byte block (hex), and the total length so far. Node's `crypto` hash cannot
 * be saved and resumed, and a build arrives in parts that any API replica may receive, so the state
 * between parts lives in the upload's row.
 */
export const Sha256StateSchema = z.object({
  words: z.array(z.number().int().min(0).max(0xffffffff)).length(8),
  tail: z.string().regex(/^([0-9a-f]{2}){0,63}$/),
  length: z.number().int().min(0),
});

export type Sha256State = z.infer<typeof Sha256StateSchema>;

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));

/** Mixes 64-byte blocks of `bytes` (from `offset`, a multiple of 64 bytes long) into `h`. */
function compressBlocks(h: Uint32Array, bytes: Uint8Array, offset: number, end: number) {
  const w = new Uint32Array(64);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let block = offset; block < end; block += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(block + i * 4);
    for (let i = 16; i < 64; i++) {
      const a = w[i - 15] as number;
      const b = w[i - 2] as number;
      const s0 = rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3);
      const s1 = rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10);
      w[i] = ((w[i - 16] as number) + s0 + (w[i - 7] as number) + s1) | 0;
    }
    let [a, b, c, d, e, f, g, hh] = h as unknown as number[] as [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    for (let i = 0; i < 64; i++) {
      const t1 =
        (hh +
          (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) +
          ((e & f) ^ (~e & g)) +
          (K[i] as number) +
          (w[i] as number)) |
        0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    const mixed = [a, b, c, d, e, f, g, hh];
    for (let i = 0; i < 8; i++) h[i] = ((h[i] as number) + (mixed[i] as number)) | 0;
  }
}

/** The state before any byte: SHA-256's initial hash value. */
export function startSha256(): Sha256State {
  return {
    words: [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19],
    tail: '',
    length: 0,
  };
}

/**
 * Feeds `bytes` after what `state` has seen.
 *
 * @param state - the state after the earlier parts (not modified).
 * @param bytes - the next part, in stream order.
 * @returns the state after this part, to store until the next one.
 * @example
 * const state = updateSha256(updateSha256(startSha256(), part1), part2);
 */
export function updateSha256(state: Sha256State, bytes: Uint8Array): Sha256State {
  const tail = Buffer.from(state.tail, 'hex');
  const joined = tail.length === 0 ? bytes : Buffer.concat([tail, bytes]);
  const whole = joined.length - (joined.length % 64);
  const h = Uint32Array.from(state.words);
  compressBlocks(h, joined, 0, whole);
  return {
    words: Array.from(h),
    tail: Buffer.from(joined.subarray(whole)).toString('hex'),
    length: state.length + bytes.length,
  };
}

/**
 * Pads and finishes the hash.
 *
 * @returns the SHA-256 of every byte fed, as 64 lowercase hex characters.
 * @example
 * finishSha256(updateSha256(startSha256(), new TextEncoder().encode('abc'))); // 'ba7816bf…'
 */
export function finishSha256(state: Sha256State): string {
  const tail = Buffer.from(state.tail, 'hex');
  const padded = Buffer.alloc(tail.length + 9 <= 64 ? 64 : 128);
  tail.copy(padded);
  padded[tail.length] = 0x80;
  // The message length in bits as a 64-bit big-endian integer; lengths stay below 2^53 bytes.
  padded.writeBigUInt64BE(BigInt(state.length) * 8n, padded.length - 8);
  const h = Uint32Array.from(state.words);
  compressBlocks(h, padded, 0, padded.length);
  return Array.from(h, (word) => (word >>> 0).toString(16).padStart(8, '0')).join('');
}
