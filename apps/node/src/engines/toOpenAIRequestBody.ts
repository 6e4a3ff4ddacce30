import type { GenerateRequest } from './engine.js';

/**
 * The streaming request body for an OpenAI-compatible server: chat `messages` or a raw `prompt`,
 * a trailing assistant message continued in place (vLLM `continue_final_message`; llama.cpp server
 * prefills it by itself), usage asked for in the stream.
 *
 * @param req - the generate request.
 * @param upstreamModel - the model name the server serves.
 * @returns the body for `/v1/chat/completions` (chat) or `/v1/completions`.
 * @example
 * await client.post(req.messages ? '/v1/chat/completions' : '/v1/completions', toOpenAIRequestBody(req, 'tiny'));
 */
export function toOpenAIRequestBody(req: GenerateRequest, upstreamModel: string): Record<string, unknown> {
  const chat = req.messages !== undefined;
  const continuesAssistant = req.messages?.at(-1)?.role === 'assistant';
  return {
    model: upstreamModel,
    ...(chat ? { messages: req.messages } : { prompt: req.prompt }),
    ...(continuesAssistant ? { continue_final_message: true, add_generation_prompt: false } : {}),
    max_tokens: req.maxTokens,
    temperature: req.temperature,
    ...(req.topP === undefined ? {} : { top_p: req.topP }),
    ...(req.seed === undefined ? {} : { seed: req.seed }),
    ...(req.stop === undefined ? {} : { stop: req.stop }),
    stream: true,
    stream_options: { include_usage: true },
  };
}
