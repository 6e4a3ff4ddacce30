import { describe, expect, it } from 'vitest';
import { countEmbeddingTokens } from './countEmbeddingTokens.js';

describe('countEmbeddingTokens', () => {
  it('counts one token per 4 UTF-8 bytes of each input, rounded up per input', () => {
    expect(countEmbeddingTokens(['Hello there', 'hi'])).toBe(3 + 1);
  });
  it('counts bytes, not characters, so multi-byte text costs what it weighs', () => {
    expect(countEmbeddingTokens(['€€'])).toBe(2);
  });
});
