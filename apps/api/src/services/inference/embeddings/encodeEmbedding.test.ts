import { describe, expect, it } from 'vitest';
import { encodeEmbedding } from './encodeEmbedding.js';

describe('encodeEmbedding', () => {
  it('writes little-endian float32, as the openai clients decode base64 embeddings', () => {
    const encoded = encodeEmbedding([1, -0.5, 0.25]);
    const bytes = Buffer.from(encoded, 'base64');
    const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    expect([...floats]).toEqual([1, -0.5, 0.25]);
    expect(encodeEmbedding([1, 0])).toBe('AACAPwAAAAA=');
  });
});
