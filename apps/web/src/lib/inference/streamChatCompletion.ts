import * as z from 'zod/mini';
import { ApiError } from '../api/ApiError';
import { toApiError } from '../api/toApiError';
import { readSseData } from './readSseData';

const chunkSchema = z.object({
  id: z.optional(z.string()),
  choices: z._default(
    z.array(z.object({ delta: z.optional(z.object({ content: z.nullish(z.string()) })) })),
    [],
  ),
  usage: z.nullish(
    z.object({
      prompt_tokens: z.number(),
      completion_tokens: z.number(),
      total_tokens: z.optional(z.number()),
    }),
  ),
  far: z.optional(
    z.object({
      task_id: z.string(),
      node_id: z.nullish(z.string()),
      cost_far_wei: z.pipe(
        z.union([z.string().check(z.regex(/^\d+$/)), z.number()]),
        z.transform((v) => BigInt(v)),
      ),
      cost_usd: z.pipe(z.union([z.string(), z.number()]), z.transform(Number)),
    }),
  ),
});
const errorEventSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export type ChatStreamEvent =
  | { type: 'token'; text: string }
  | {
      type: 'usage';
      promptTokens: number;
      completionTokens: number;
      taskId: string | null;
      nodeId: string | null;
      costFarWei: bigint | null;
      costUsd: number | null;
    };

export type StreamChatCompletionParams = {
  accessToken: string;
  model: string;
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  signal: AbortSignal;
  baseUrl?: string;
};

/**
 * Runs a streaming chat completion against the OpenAI-compatible API and yields tokens as they
 * arrive, then one usage event with the Far cost and the node that served it.
 * @param params - model, messages, sampling settings, bearer token and an AbortSignal for Stop
 * @returns an async iterator of token and usage events
 * @throws {ApiError} when the API refuses the request (402 no balance, 503 no node, …)
 */
export async function* streamChatCompletion(
  params: StreamChatCompletionParams,
): AsyncGenerator<ChatStreamEvent> {
  let response: Response;
  try {
    response = await fetch(`${params.baseUrl ?? ''}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${params.accessToken}`,
      },
      body: JSON.stringify({
        model: params.model,
        messages: params.messages,
        temperature: params.temperature,
        max_tokens: params.maxTokens,
        stream: true,
        stream_options: { include_usage: true },
      }),
      signal: params.signal,
    });
  } catch (cause) {
    if (params.signal.aborted) return;
    throw new ApiError('network_unreachable', 'The inference API cannot be reached.', 0, { cause });
  }
  if (!response.ok) throw await toApiError(response);
  if (!response.body)
    throw new ApiError('invalid_response', 'The inference API sent no stream.', response.status);
  try {
    for await (const data of readSseData(response.body)) {
      if (data.trim() === '[DONE]') return;
      let json: unknown;
      try {
        json = JSON.parse(data);
      } catch (cause) {
        throw new ApiError('invalid_response', 'The inference stream sent malformed JSON.', response.status, {
          cause,
        });
      }
      const errorBody = errorEventSchema.safeParse(json);
      if (errorBody.success) throw new ApiError(errorBody.data.error.code, errorBody.data.error.message, 200);
      const chunk = chunkSchema.safeParse(json);
      if (!chunk.success) continue;
      for (const choice of chunk.data.choices) {
        const text = choice.delta?.content;
        if (text) yield { type: 'token', text };
      }
      if (chunk.data.usage || chunk.data.far) {
        yield {
          type: 'usage',
          promptTokens: chunk.data.usage?.prompt_tokens ?? 0,
          completionTokens: chunk.data.usage?.completion_tokens ?? 0,
          taskId: chunk.data.far?.task_id ?? null,
          nodeId: chunk.data.far?.node_id ?? null,
          costFarWei: chunk.data.far?.cost_far_wei ?? null,
          costUsd: chunk.data.far?.cost_usd ?? null,
        };
      }
    }
  } catch (error) {
    // Stop aborts the body mid-read; what streamed so far stays on screen.
    if (params.signal.aborted) return;
    throw error;
  }
}
