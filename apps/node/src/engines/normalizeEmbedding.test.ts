import { describe, expect, it } from 'vitest';
import { normalizeEmbedding } from './normalizeEmbedding.js';

describe('normalizeEmbedding', () => {
  it('scales a vector to unit length, keeping its direction', () => {
    expect(normalizeEmbedding([3, 4])).toEqual([0.6, 0.8]);
  });
  it('keeps a zero vector zero instead of dividing by zero', () => {
    expect(normalizeEmbedding([0, 0, 0])).toEqual([0, 0, 0]);
  });
});
