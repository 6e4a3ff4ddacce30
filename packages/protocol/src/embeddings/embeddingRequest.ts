import { z } from 'zod';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from '../text/findUnstorableCharacter.js';
import { EMBEDDING_LIMITS as L } from './embeddingLimits.js';

/** One text to embed: non-empty (an empty string has no meaning as a vector), within the bounds. */
export const EmbeddingInputSchema = z
  .string()
  .min(1, 'an input must not be empty')
  .max(L.maxInputLength)
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

/** The texts of one embeddings request, in order: the vectors come back in the same order. */
export const EmbeddingInputsSchema = z
  .array(EmbeddingInputSchema)
  .min(1)
  .max(L.maxInputs)
  .refine((inputs) => inputs.reduce((sum, text) => sum + text.length, 0) <= L.maxTotalInputLength, {
    message: `inputs may hold at most ${L.maxTotalInputLength} characters together`,
  });
