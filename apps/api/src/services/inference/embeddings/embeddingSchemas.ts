import { EMBEDDING_LIMITS } from '@far/protocol';
import { z } from '@hono/zod-openapi';

/**
 * `POST /v1/embeddings`, OpenAI's request shape. `input`'s bounds (count, length, token arrays) are
 * checked by the route itself so a breach is OpenAI's 400 naming `input`, not a 422.
 */
export const EmbeddingsRequestSchema = z
  .object({
    model: z.string().min(1).max(128).openapi({ example: 'far-demo' }),
    input: z.union([z.string(), z.array(z.string()), z.array(z.int()), z.array(z.array(z.int()))]).openapi({
      description: `One text or up to ${EMBEDDING_LIMITS.maxInputs} texts (each 1–${EMBEDDING_LIMITS.maxInputLength} characters, ${EMBEDDING_LIMITS.maxTotalInputLength} in all). Token arrays are refused: nodes serve models with different tokenizers.`,
      example: ['The river runs by the town.'],
    }),
    encoding_format: z.enum(['float', 'base64']).optional().openapi({
      description: 'float (JSON numbers) or base64 (little-endian float32); default float',
    }),
    dimensions: z
      .int()
      .min(1)
      .max(EMBEDDING_LIMITS.maxDimensions)
      .optional()
      .openapi({ description: "Keep the vector's first n numbers, scaled back to unit length" }),
    user: z.string().max(256).optional(),
  })
  .openapi('EmbeddingsRequest');

export type EmbeddingsRequest = z.infer<typeof EmbeddingsRequestSchema>;

/** The response: OpenAI's list of vectors with its usage, plus the FAR cost of the task. */
export const EmbeddingsResponseSchema = z
  .object({
    object: z.literal('list'),
    data: z.array(
      z.object({
        object: z.literal('embedding'),
        index: z.int(),
        embedding: z.union([z.array(z.number()), z.string()]),
      }),
    ),
    model: z.string(),
    usage: z.object({ prompt_tokens: z.int(), total_tokens: z.int() }),
    far: z.object({
      task_id: z.string(),
      node_id: z.string(),
      cost_far_wei: z.string(),
      cost_far: z.string(),
      cost_usd: z.string(),
      split_wei: z.object({ node: z.string(), stakers: z.string(), treasury: z.string() }),
    }),
  })
  .openapi('EmbeddingsResponse');
