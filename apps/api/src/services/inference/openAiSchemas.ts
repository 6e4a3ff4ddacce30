import { InferenceRequestFields, INFERENCE_LIMITS as L } from '@far/protocol';
import { z } from '@hono/zod-openapi';
import { refusedField } from '../../http/openapi.js';

/** Text content, as a plain string or OpenAI's array of text parts (other part types are refused). */
const ContentSchema = z.union([
  z.string().max(L.maxContentLength),
  z
    .array(z.object({ type: z.literal('text'), text: z.string().max(L.maxContentLength) }))
    .max(64)
    .transform((parts) => parts.map((p) => p.text).join('')),
]);

/** One stop sequence, or several: always a list of them once parsed. */
const StopSchema = z
  .union([z.string().min(1).max(L.maxStopLength), InferenceRequestFields.stop.unwrap()])
  .transform((s) => (typeof s === 'string' ? [s] : s));

/**
 * Sampling fields shared by both endpoints. Unknown OpenAI fields that change nothing here
 * (`user`, `frequency_penalty`: 0 …) are accepted and ignored, as OpenRouter does; fields
 * that would silently change the answer (`tools`, `n` > 1, `logprobs`) are refused.
 */
const common = {
  model: z.string().min(1).max(L.maxModelIdLength),
  max_tokens: InferenceRequestFields.maxTokens.optional(),
  max_completion_tokens: InferenceRequestFields.maxTokens.optional(),
  temperature: InferenceRequestFields.temperature.default(1),
  top_p: InferenceRequestFields.topP,
  seed: InferenceRequestFields.seed,
  stop: StopSchema.optional(),
  stream: z.boolean().default(false),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
  n: z.literal(1, { error: 'only n = 1 is supported' }).optional(),
  user: z.string().max(256).optional(),
  tools: refusedField('tools are not supported by Far Inference yet'),
  functions: refusedField('functions are not supported by Far Inference yet'),
  logprobs: z.literal(false, { error: 'logprobs are not supported' }).optional(),
};

export const ChatCompletionRequestSchema = z
  .object({
    ...common,
    messages: z
      .array(
        z.object({
          role: z
            .enum(['system', 'user', 'assistant', 'developer'])
            .transform((r) => (r === 'developer' ? 'system' : r)),
          content: ContentSchema,
          name: z.string().max(64).optional(),
        }),
      )
      .min(1)
      .max(L.maxMessages)
      .refine((m) => m.reduce((sum, x) => sum + x.content.length, 0) <= L.maxTotalContentLength, {
        message: `messages together exceed ${L.maxTotalContentLength} characters`,
      }),
  })
  .openapi('ChatCompletionRequest');

export const CompletionRequestSchema = z
  .object({ ...common, prompt: z.string().min(1).max(L.maxContentLength) })
  .openapi('CompletionRequest');

/** The `POST /api/inference/generate` body, snake_case like the `/v1` bodies its callers also send. */
export const GenerateRequestSchema = z
  .strictObject({
    model_id: z.string().min(1).max(L.maxModelIdLength),
    prompt: z.string().min(1).max(L.maxContentLength),
    max_tokens: InferenceRequestFields.maxTokens.default(1000),
    temperature: InferenceRequestFields.temperature.default(0.7),
  })
  .openapi('GenerateRequest');

export const FarCostSchema = z
  .object({
    task_id: z.string(),
    node_id: z.string(),
    cost_far_wei: z.string(),
    cost_far: z.string(),
    cost_usd: z.string(),
    split_wei: z.object({ node: z.string(), stakers: z.string(), treasury: z.string() }),
  })
  .openapi('FarCost');

export const UsageSchema = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});
