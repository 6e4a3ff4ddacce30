import { z } from 'zod';
import type { GenerateResult } from './engine.js';
import { EngineError } from './engineError.js';
import { parseSseEvents } from './parseSseEvents.js';

const chunkSchema = z.object({
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish() }).nullish(),
        text: z.string().nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .default([]),
  usage: z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int() }).nullish(),
});
const streamErrorSchema = z.object({ error: z.union([z.string(), z.object({ message: z.string() })]) });

export type ReadOpenAIStreamOptions = {
  /** A chat completion (text in `delta.content`) rather than a completion (text in `text`). */
  chat: boolean;
  /**
   * Takes one chunk's text.
   * @returns true when a stop sequence ended the answer there (the rest of the stream is not read).
   */
  onText: (text: string) => boolean;
  /** The prompt's token count, when the server reports its usage. */
  onPromptTokens: (promptTokens: number) => void;
};

/** Why the stream ended; `finishReason` is undefined when the server never gave one (a cut stream). */
export type OpenAIStreamEnd = { finishReason: GenerateResult['finishReason'] | undefined; sawDone: boolean };

/**
 * Reads an OpenAI streaming response (`data: {chunk}` events, then `data: [DONE]`): each chunk's
 * text goes to `onText` (these servers send one token per chunk), until `[DONE]` or a stop.
 *
 * @param body - the response body.
 * @param options - chat or completion, and the listeners.
 * @returns how the stream ended.
 * @throws EngineError `UPSTREAM_HTTP_ERROR` for an error event, `UPSTREAM_PROTOCOL_ERROR` for a chunk that is not one.
 * @example
 * const { finishReason } = await readOpenAIStream(response.body, { chat: true, onText, onPromptTokens });
 */
export async function readOpenAIStream(
  body: AsyncIterable<Uint8Array>,
  options: ReadOpenAIStreamOptions,
): Promise<OpenAIStreamEnd> {
  let finishReason: GenerateResult['finishReason'] | undefined;
  for await (const events of parseSseEvents(body)) {
    for (const event of events) {
      if (event.data === '[DONE]') return { finishReason, sawDone: true };
      const json = parseJson(event.data);
      const chunk = readTextChunk(json) ?? parseChunk(json, event.data);
      if (chunk.usage) options.onPromptTokens(chunk.usage.prompt_tokens);
      const choice = chunk.choices[0];
      if (!choice) continue;
      const text = (options.chat ? choice.delta?.content : choice.text) ?? '';
      if (text.length > 0 && finishReason === undefined && options.onText(text)) {
        return { finishReason: 'stop', sawDone: false };
      }
      if (choice.finish_reason) finishReason ??= choice.finish_reason === 'length' ? 'length' : 'stop';
    }
  }
  return { finishReason, sawDone: false };
}

type StreamChunk = z.infer<typeof chunkSchema>;

/**
 * The hand-checked fast path for the usual chunk, one per token: no `error`, no `usage`, one
 * choice whose fields have the schema's types. Anything else answers `undefined` and goes through
 * the schemas (and their errors); two zod parses per token were most of this engine's CPU.
 */
function readTextChunk(json: unknown): StreamChunk | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const { choices, usage, error } = json as Record<string, unknown>;
  if (error !== undefined || usage !== undefined || !Array.isArray(choices) || choices.length !== 1)
    return undefined;
  const choice: unknown = choices[0];
  if (typeof choice !== 'object' || choice === null || Array.isArray(choice)) return undefined;
  const { delta, text, finish_reason } = choice as Record<string, unknown>;
  if (!isNullishOr(text, 'string') || !isNullishOr(finish_reason, 'string')) return undefined;
  if (delta === undefined || delta === null)
    return { choices: [{ delta, text, finish_reason } as StreamChunk['choices'][number]] };
  if (typeof delta !== 'object' || Array.isArray(delta)) return undefined;
  const { content } = delta as Record<string, unknown>;
  if (!isNullishOr(content, 'string')) return undefined;
  return { choices: [{ delta: { content }, text, finish_reason } as StreamChunk['choices'][number]] };
}

function isNullishOr(value: unknown, type: 'string'): boolean {
  return value === undefined || value === null || typeof value === type;
}

/** A chunk the fast path did not take: an upstream error, usage, several choices, or malformed. */
function parseChunk(json: unknown, data: string): StreamChunk {
  const upstreamError = streamErrorSchema.safeParse(json);
  if (upstreamError.success) {
    const { error } = upstreamError.data;
    throw new EngineError(
      'UPSTREAM_HTTP_ERROR',
      `upstream error: ${typeof error === 'string' ? error : error.message}`,
    );
  }
  const chunk = chunkSchema.safeParse(json);
  if (!chunk.success) {
    throw new EngineError('UPSTREAM_PROTOCOL_ERROR', `unexpected stream chunk: ${data.slice(0, 200)}`);
  }
  return chunk.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new EngineError('UPSTREAM_PROTOCOL_ERROR', `stream chunk is not JSON: ${text.slice(0, 200)}`, {
      cause,
    });
  }
}
