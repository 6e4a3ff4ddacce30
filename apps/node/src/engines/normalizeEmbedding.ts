/**
 * Scales a vector to unit length (L2), as OpenAI's embeddings are, so a dot product is the cosine
 * similarity whichever engine computed it. A zero vector stays zero.
 *
 * @param vector - the raw embedding.
 * @returns a new unit-length vector.
 * @example
 * normalizeEmbedding([3, 4]) // [0.6, 0.8]
 */
export function normalizeEmbedding(vector: readonly number[]): number[] {
  let sum = 0;
  for (const x of vector) sum += x * x;
  const norm = Math.sqrt(sum);
  return norm > 0 && Number.isFinite(norm) ? vector.map((x) => x / norm) : vector.map(() => 0);
}
