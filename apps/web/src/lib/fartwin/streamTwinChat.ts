import * as z from 'zod/mini';
import { ApiError } from '../api/ApiError';
import { toApiError } from '../api/toApiError';
import { readSseData } from '../inference/readSseData';

const citationSchema = z.object({
  index: z.number(),
  documentId: z.string(),
  title: z.string(),
  chunkId: z.string(),
  heading: z.string(),
  excerpt: z.string(),
});
/** A passage of the twin's knowledge that went into an answer. */
export type TwinCitation = z.infer<typeof citationSchema>;

const chunkSchema = z.object({
  choices: z._default(
    z.array(z.object({ delta: z.optional(z.object({ content: z.nullish(z.string()) })) })),
    [],
  ),
  usage: z.nullish(z.object({ prompt_tokens: z.number(), completion_tokens: z.number() })),
  far: z.optional(
    z.object({
      cost_far_wei: z.pipe(
        z.union([z.string().check(z.regex(/^\d+$/)), z.number()]),
        z.transform((v) => BigInt(v)),
      ),
      cost_usd: z.nullish(z.pipe(z.union([z.string(), z.number()]), z.transform(Number))),
    }),
  ),
  citations: z.optional(z.array(citationSchema)),
  twin: z.optional(z.object({ conversation_id: z.string() })),
});
const errorEventSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** What a twin's answer streams: its text, then the billed cost, the passages used, the conversation. */
export type TwinChatEvent =
  | { type: 'token'; text: string }
  | {
      type: 'done';
      promptTokens: number;
      completionTokens: number;
      costFarWei: bigint | null;
      costUsd: number | null;
      citations: TwinCitation[];
      conversationId: string | null;
    };

export type StreamTwinChatParams = {
  accessToken: string;
  handle: string;
  /** The turns so far, the user's new message last (the API adds persona, memories and knowledge). */
  messages: { role: 'user' | 'assistant'; content: string }[];
  /** The conversation the turn belongs to; null starts a new one. */
  conversationId: string | null;
  signal: AbortSignal;
  /** Where the API is: '' (the default) in the browser, same origin through the Next proxy. */
  baseUrl?: string;
};

function parseEvent(data: string, status: number): TwinChatEvent[] {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (cause) {
    throw new ApiError('invalid_response', 'The chat stream sent malformed JSON.', status, { cause });
  }
  const errorBody = errorEventSchema.safeParse(json);
  if (errorBody.success) throw new ApiError(errorBody.data.error.code, errorBody.data.error.message, 200);
  const chunk = chunkSchema.safeParse(json);
  if (!chunk.success) return [];
  const events: TwinChatEvent[] = chunk.data.choices.flatMap((choice) =>
    choice.delta?.content ? [{ type: 'token' as const, text: choice.delta.content }] : [],
  );
  if (chunk.data.usage || chunk.data.far || chunk.data.citations) {
    events.push({
      type: 'done',
      promptTokens: chunk.data.usage?.prompt_tokens ?? 0,
      completionTokens: chunk.data.usage?.completion_tokens ?? 0,
      costFarWei: chunk.data.far?.cost_far_wei ?? null,
      costUsd: chunk.data.far?.cost_usd ?? null,
      citations: chunk.data.citations ?? [],
      conversationId: chunk.data.twin?.conversation_id ?? null,
    });
  }
  return events;
}

/**
 * Chats with a twin through the OpenAI-compatible API (`model: "twin:<handle>"`, streamed), yielding
 * tokens as they arrive, then one `done` event with the usage, the billed cost and the citations.
 * @param params - the twin, the turns, the conversation, a bearer token and an AbortSignal for Stop
 * @returns an async iterator of token and done events
 * @throws {ApiError} when the API refuses (402 no balance, 404 twin, 429 rate limit, …)
 */
export async function* streamTwinChat(params: StreamTwinChatParams): AsyncGenerator<TwinChatEvent> {
  let response: Response;
  try {
    response = await fetch(`${params.baseUrl ?? ''}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${params.accessToken}`,
        ...(params.conversationId ? { 'x-far-conversation-id': params.conversationId } : {}),
      },
      body: JSON.stringify({
        model: `twin:${params.handle}`,
        messages: params.messages,
        stream: true,
        stream_options: { include_usage: true },
      }),
      signal: params.signal,
    });
  } catch (cause) {
    if (params.signal.aborted) return;
    throw new ApiError('network_unreachable', 'The chat API cannot be reached.', 0, { cause });
  }
  if (!response.ok) throw await toApiError(response);
  if (!response.body) throw new ApiError('invalid_response', 'The chat API sent no stream.', response.status);
  try {
    for await (const data of readSseData(response.body)) {
      if (data.trim() === '[DONE]') return;
      yield* parseEvent(data, response.status);
    }
  } catch (error) {
    if (params.signal.aborted) return;
    throw error;
  }
}
