import { BaseError } from '../../../errors/BaseError.js';

/**
 * OpenAI's `dimensions`: the first `dimensions` numbers of a vector, scaled back to unit length
 * (how Matryoshka-trained models shorten theirs). Asking for more numbers than the model gives is a
 * 400 naming `dimensions`.
 *
 * @param vector - a unit-length embedding.
 * @param dimensions - how many numbers to keep; undefined keeps all.
 * @returns the shortened vector.
 * @throws BaseError `bad_request` when `dimensions` exceeds the vector's length.
 * @example
 * shortenEmbedding([0.6, 0.8, 0], 1) // [1]
 */
export function shortenEmbedding(vector: number[], dimensions: number | undefined): number[] {
  if (dimensions === undefined || dimensions === vector.length) return vector;
  if (dimensions > vector.length) {
    throw new BaseError('bad_request', `dimensions: this model's embeddings have ${vector.length} numbers`, {
      details: { field: 'dimensions' },
    });
  }
  const kept = vector.slice(0, dimensions);
  const norm = Math.sqrt(kept.reduce((sum, x) => sum + x * x, 0));
  return norm > 0 ? kept.map((x) => x / norm) : kept;
}
