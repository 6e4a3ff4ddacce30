import { EMBEDDING_LIMITS } from '@far/protocol';
import { describe, expect, it } from 'vitest';
import { BaseError } from '../../../errors/BaseError.js';
import { readEmbeddingInputs } from './readEmbeddingInputs.js';

const refusal = (input: Parameters<typeof readEmbeddingInputs>[0]) => {
  try {
    readEmbeddingInputs(input);
  } catch (error) {
    return error instanceof BaseError ? { status: error.status, message: error.message } : undefined;
  }
  return undefined;
};

describe('readEmbeddingInputs', () => {
  it('takes one text or a list of texts', () => {
    expect(readEmbeddingInputs('the river')).toEqual(['the river']);
    expect(readEmbeddingInputs(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });
  it('refuses too many inputs, an empty one and one too long with a 400 naming input', () => {
    expect(refusal(Array.from({ length: EMBEDDING_LIMITS.maxInputs + 1 }, () => 'x'))?.status).toBe(400);
    expect(refusal([''])?.message).toMatch(/^input\.0: /);
    expect(refusal('x'.repeat(EMBEDDING_LIMITS.maxInputLength + 1))?.status).toBe(400);
  });
  it('refuses token arrays: nodes do not share a tokenizer', () => {
    expect(refusal([1, 2, 3])?.message).toMatch(/token arrays/);
    expect(refusal([[1, 2]])?.status).toBe(400);
  });
});
