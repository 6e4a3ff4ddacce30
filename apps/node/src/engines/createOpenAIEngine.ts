import { z } from 'zod';
import { createStopSequenceFilter } from './createStopSequenceFilter.js';
import type { Engine, GenerateRequest, GenerateResult, TokenEvent } from './engine.js';
import { EngineError } from './engineError.js';
import { parseGenerateRequest } from './parseGenerateRequest.js';
import { parseSseEvents } from './parseSseEvents.js';

export type CreateOpenAIEngineOptions = {
  /** Base URL of the server, with or without the trailing `/v1` (e.g. `http://127.0.0.1:8000`). */
  upstream: string;
  /** Model name the upstream serves. */
  model: string;
  /** Id advertised to the coordinator, when it differs from the upstream name. Default: `model`. */
  modelId?: string;
  apiKey?: string;
  /** Injected for tests or proxies; default global `fetch`. */
  fetch?: typeof fetch;
};

export type OpenAIEngine = Engine & { readonly kind: 'openai'; readonly modelId: string };

const usageSchema = z
  .object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int() })
  .nullish();
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
  usage: usageSchema,
});
const streamErrorSchema = z.object({ error: z.union([z.string(), z.object({ message: z.string() })]) });
const modelsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      max_model_len: z.number().int().optional(),
      meta: z.object({ n_ctx_train: z.number().int().optional() }).nullish(),
    }),
  ),
});
const tokenizeSchema = z.union([
  z.object({ count: z.number().int() }),
  z.object({ tokens: z.array(z.unknown()) }),
]);

/**
 * Streams from any OpenAI-compatible server (vLLM, llama.cpp server, Ollama, …) over fetch + SSE.
 * Each content chunk becomes one token event (these servers send one token per chunk). A chat
 * whose last message is the assistant's is continued (vLLM `continue_final_message`; llama.cpp
 * server prefills a trailing assistant message by itself).
 * @param options upstream URL, model name, optional API key
 * @returns the engine
 * @example
 * const engine = createOpenAIEngine({ upstream: 'http://127.0.0.1:8000', model: 'Qwen/Qwen2.5-7B-Instruct' });
 */
export function createOpenAIEngine(options: CreateOpenAIEngineOptions): OpenAIEngine {
  const fetchImpl = options.fetch ?? fetch;
  const root = options.upstream.replace(/\/+$/, '').replace(/\/v1$/, '');
  const modelId = options.modelId ?? options.model;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'text/event-stream' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  let closed = false;

  async function post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    let response: Response;
    try {
      response = await fetchImpl(`${root}${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        ...(signal ? { signal } : {}),
      });
    } catch (cause) {
      if (signal?.aborted) throw cause;
      throw new EngineError('UPSTREAM_UNREACHABLE', `cannot reach ${root}${path}: ${errorMessage(cause)}`, {
        cause,
      });
    }
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new EngineError(
        'UPSTREAM_HTTP_ERROR',
        `${root}${path} answered ${response.status}: ${text.slice(0, 300)}`,
        { status: response.status },
      );
    }
    return response;
  }

  function requireModel(model: string): void {
    if (closed) throw new EngineError('ENGINE_CLOSED', 'the OpenAI engine is closed');
    if (model !== modelId)
      throw new EngineError('MODEL_NOT_FOUND', `this engine serves ${modelId}, not ${model}`);
  }

  async function countTokens(model: string, text: string): Promise<number> {
    requireModel(model);
    try {
      // vLLM answers { count, tokens }, llama.cpp server { tokens }; each ignores the other's fields.
      const response = await post('/tokenize', {
        model: options.model,
        prompt: text,
        content: text,
        add_special_tokens: false,
        add_special: false,
      });
      const parsed = tokenizeSchema.parse(await response.json());
      return 'count' in parsed ? parsed.count : parsed.tokens.length;
    } catch {
      // Servers without /tokenize (Ollama, hosted APIs): about four bytes per token for English text.
      return Math.ceil(new TextEncoder().encode(text).length / 4);
    }
  }

  async function generate(input: GenerateRequest, onToken: (t: TokenEvent) => void): Promise<GenerateResult> {
    const req = parseGenerateRequest(input);
    requireModel(req.model);
    const chat = req.messages !== undefined;
    const continuesAssistant = req.messages?.at(-1)?.role === 'assistant';
    const body = {
      model: options.model,
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

    let delivered = 0;
    let promptTokens: number | undefined;
    const promptText = chat ? (req.messages ?? []).map((m) => m.content).join('\n') : (req.prompt ?? '');
    const cancelled = async (): Promise<GenerateResult> => ({
      promptTokens: promptTokens ?? (await countTokens(req.model, promptText)),
      completionTokens: delivered,
      finishReason: 'cancelled',
    });
    if (req.signal?.aborted) return cancelled();

    const filter = createStopSequenceFilter(req.stop ?? []);
    const deliver = (texts: string[]) => {
      for (const text of texts) {
        delivered += 1;
        onToken({ text });
      }
    };
    let finishReason: GenerateResult['finishReason'] | undefined;
    let sawDone = false;
    try {
      const response = await post(chat ? '/v1/chat/completions' : '/v1/completions', body, req.signal);
      if (!response.body) throw new EngineError('UPSTREAM_PROTOCOL_ERROR', 'the upstream sent no body');
      for await (const event of parseSseEvents(response.body)) {
        if (event.data === '[DONE]') {
          sawDone = true;
          break;
        }
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
        if (chunk.data.usage) promptTokens = chunk.data.usage.prompt_tokens;
        const choice = chunk.data.choices[0];
        if (!choice) continue;
        const text = (chat ? choice.delta?.content : choice.text) ?? '';
        if (text.length > 0 && finishReason === undefined) {
          const { released, stopped } = filter.push(text);
          deliver(released);
          if (stopped) {
            finishReason = 'stop';
            break;
          }
        }
        if (choice.finish_reason) finishReason ??= choice.finish_reason === 'length' ? 'length' : 'stop';
      }
    } catch (cause) {
      if (req.signal?.aborted) return cancelled();
      if (cause instanceof EngineError) throw cause;
      throw new EngineError('UPSTREAM_UNREACHABLE', `the upstream stream failed: ${errorMessage(cause)}`, {
        cause,
      });
    }
    if (req.signal?.aborted) return cancelled();
    if (finishReason === undefined) {
      // A stream that ends without a finish reason was cut (server crash, proxy timeout): an error,
      // so the coordinator can resume the task elsewhere instead of billing a truncated answer.
      throw new EngineError(
        'UPSTREAM_PROTOCOL_ERROR',
        sawDone ? 'the upstream finished without a finish reason' : 'the upstream stream ended early',
      );
    }
    deliver(filter.flush());
    return {
      promptTokens: promptTokens ?? (await countTokens(req.model, promptText)),
      completionTokens: delivered,
      finishReason,
    };
  }

  return {
    kind: 'openai',
    modelId,
    async listModels() {
      if (closed) throw new EngineError('ENGINE_CLOSED', 'the OpenAI engine is closed');
      let response: Response;
      try {
        response = await fetchImpl(`${root}/v1/models`, { headers });
      } catch (cause) {
        throw new EngineError(
          'UPSTREAM_UNREACHABLE',
          `cannot reach ${root}/v1/models: ${errorMessage(cause)}`,
          {
            cause,
          },
        );
      }
      if (!response.ok) {
        throw new EngineError('UPSTREAM_HTTP_ERROR', `${root}/v1/models answered ${response.status}`, {
          status: response.status,
        });
      }
      const parsed = modelsSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success)
        throw new EngineError('UPSTREAM_PROTOCOL_ERROR', `${root}/v1/models sent an unexpected body`);
      const upstreamModel = parsed.data.data.find((m) => m.id === options.model);
      if (!upstreamModel) {
        throw new EngineError('MODEL_NOT_FOUND', `${root} does not serve ${options.model}`);
      }
      const contextLength = upstreamModel.max_model_len ?? upstreamModel.meta?.n_ctx_train ?? undefined;
      return [contextLength === undefined ? { id: modelId } : { id: modelId, contextLength }];
    },
    generate,
    countTokens,
    async close() {
      closed = true;
    },
  };
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

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
