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
  body: ReadableStream<Uint8Array>,
  options: ReadOpenAIStreamOptions,
): Promise<OpenAIStreamEnd> {
  let finishReason: GenerateResult['finishReason'] | undefined;
  for await (const event of parseSseEvents(body)) {
    if (event.data === '[DONE]') return { finishReason, sawDone: true };
    const json = parseJson(event.data);
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
      throw new EngineError(
        'UPSTREAM_PROTOCOL_ERROR',
        `unexpected stream chunk: ${event.data.slice(0, 200)}`,
      );
    }
    if (chunk.data.usage) options.onPromptTokens(chunk.data.usage.prompt_tokens);
    const choice = chunk.data.choices[0];
    if (!choice) continue;
    const text = (options.chat ? choice.delta?.content : choice.text) ?? '';
    if (text.length > 0 && finishReason === undefined && options.onText(text)) {
      return { finishReason: 'stop', sawDone: false };
    }
    if (choice.finish_reason) finishReason ??= choice.finish_reason === 'length' ? 'length' : 'stop';
  }
  return { finishReason, sawDone: false };
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
