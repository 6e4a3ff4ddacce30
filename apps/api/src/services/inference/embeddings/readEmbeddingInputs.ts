import { EmbeddingInputsSchema } from '@far/protocol';
import { BaseError } from '../../../errors/BaseError.js';
import type { EmbeddingsRequest } from './embeddingSchemas.js';

/**
 * The texts of an embeddings request, checked against the network's bounds: OpenAI's 400
 * `bad_request` with `param: "input"` when there are too many, one is empty or too long, or they
 * are token arrays (nodes serve models with different tokenizers, so token ids mean nothing here).
 *
 * @param input - the body's `input`.
 * @returns the texts, one per vector to compute.
 * @throws BaseError `bad_request` naming `input`.
 * @example
 * readEmbeddingInputs('hello') // ['hello']
 */
export function readEmbeddingInputs(input: EmbeddingsRequest['input']): string[] {
  const texts = typeof input === 'string' ? [input] : input;
  if (texts.some((item) => typeof item !== 'string')) {
    throw new BaseError('bad_request', 'input: token arrays are not supported; send the text', {
      details: { field: 'input' },
    });
  }
  const parsed = EmbeddingInputsSchema.safeParse(texts);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = ['input', ...(issue?.path ?? [])].join('.');
    throw new BaseError('bad_request', `${where}: ${issue?.message ?? 'invalid'}`, {
      details: { field: 'input' },
    });
  }
  return parsed.data;
}
