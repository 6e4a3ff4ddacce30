/**
 * An embedding in OpenAI's `encoding_format: "base64"`: the vector as little-endian float32, in
 * base64 (what the official clients decode by default).
 *
 * @param vector - the embedding.
 * @returns the base64 text.
 * @example
 * encodeEmbedding([1, 0]) // 'AACAPwAAAAA='
 */
export function encodeEmbedding(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((x, i) => {
    bytes.writeFloatLE(x, i * 4);
  });
  return bytes.toString('base64');
}
