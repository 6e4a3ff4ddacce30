import type { InferenceRequest } from '@far/protocol';
import type { z } from '@hono/zod-openapi';
import type { ChatCompletionRequestSchema, CompletionRequestSchema } from './openAiSchemas.js';

/** Completion length when the client names none: long enough for an answer, bounded for the reservation. */
export const DEFAULT_MAX_TOKENS = 512;

/** A parsed body of `POST /v1/chat/completions` or `POST /v1/completions`. */
export type OpenAiRequestBody =
  | z.infer<typeof ChatCompletionRequestSchema>
  | z.infer<typeof CompletionRequestSchema>;

/**
 * The inference request an OpenAI-style body asks for. The body was validated at the HTTP boundary
 * against the same limits, so this only renames: snake_case to the protocol's names, a chat
 * message's `name` dropped (no engine uses it), the token budget defaulted.
 *
 * @param body - the parsed request body.
 * @returns the request as it travels on to the dispatcher and the node.
 * @example
 * openAiInferenceRequest({ model: 'far-demo', prompt: 'Once', max_tokens: 8, temperature: 0, stream: false })
 * // { model: 'far-demo', prompt: 'Once', maxTokens: 8, temperature: 0 }
 */
export function openAiInferenceRequest(body: OpenAiRequestBody): InferenceRequest {
  const input =
    'messages' in body
      ? { messages: body.messages.map(({ role, content }) => ({ role, content })) }
      : { prompt: body.prompt };
  return {
    model: body.model,
    ...input,
    maxTokens: body.max_completion_tokens ?? body.max_tokens ?? DEFAULT_MAX_TOKENS,
    temperature: body.temperature,
    ...(body.top_p === undefined ? {} : { topP: body.top_p }),
    ...(body.seed === undefined ? {} : { seed: body.seed }),
    ...(body.stop === undefined ? {} : { stop: body.stop }),
  };
}
