import { countUpstreamTokens } from './countUpstreamTokens.js';
import { createStopSequenceFilter } from './createStopSequenceFilter.js';
import { createUpstreamClient } from './createUpstreamClient.js';
import { embedUpstream } from './embedUpstream.js';
import type { EmbedRequest, Engine, GenerateRequest, GenerateResult, TokenEvent } from './engine.js';
import { EngineError } from './engineError.js';
import { errorMessage } from './errorMessage.js';
import { findUpstreamModel } from './findUpstreamModel.js';
import { parseGenerateRequest } from './parseGenerateRequest.js';
import { type OpenAIStreamEnd, readOpenAIStream } from './readOpenAIStream.js';
import type { UpstreamTransport } from './requestOverHttp.js';
import { toOpenAIRequestBody } from './toOpenAIRequestBody.js';

export type CreateOpenAIEngineOptions = {
  /** Base URL of the server, with or without the trailing `/v1` (e.g. `http://127.0.0.1:8000`). */
  upstream: string;
  /** Model name the upstream serves. */
  model: string;
  /** Id advertised to the coordinator, when it differs from the upstream name. Default: `model`. */
  modelId?: string;
  apiKey?: string;
  /** How requests reach the server; default `node:http` (see requestOverHttp). Tests inject their own. */
  transport?: UpstreamTransport;
  /** Also serve the upstream's `/v1/embeddings` for the model (the `embeddings` capability). */
  embeddings?: boolean;
};

export type OpenAIEngine = Engine & { readonly kind: 'openai'; readonly modelId: string };

/**
 * Streams from any OpenAI-compatible server (vLLM, llama.cpp server, Ollama, …) over HTTP + SSE.
 * Each content chunk becomes one token event (these servers send one token per chunk). A chat
 * whose last message is the assistant's is continued (vLLM `continue_final_message`; llama.cpp
 * server prefills a trailing assistant message by itself).
 * @param options upstream URL, model name, optional API key
 * @returns the engine
 * @example
 * const engine = createOpenAIEngine({ upstream: 'http://127.0.0.1:8000', model: 'Qwen/Qwen2.5-7B-Instruct' });
 */
export function createOpenAIEngine(options: CreateOpenAIEngineOptions): OpenAIEngine {
  const client = createUpstreamClient(options);
  const modelId = options.modelId ?? options.model;
  let closed = false;

  function requireModel(model: string): void {
    if (closed) throw new EngineError('ENGINE_CLOSED', 'the OpenAI engine is closed');
    if (model !== modelId)
      throw new EngineError('MODEL_NOT_FOUND', `this engine serves ${modelId}, not ${model}`);
  }

  async function countTokens(model: string, text: string): Promise<number> {
    requireModel(model);
    return countUpstreamTokens(client, options.model, text);
  }

  async function generate(input: GenerateRequest, onToken: (t: TokenEvent) => void): Promise<GenerateResult> {
    const req = parseGenerateRequest(input);
    requireModel(req.model);
    const chat = req.messages !== undefined;
    let delivered = 0;
    let promptTokens: number | undefined;
    const promptText = chat ? (req.messages ?? []).map((m) => m.content).join('\n') : (req.prompt ?? '');
    const result = async (finishReason: GenerateResult['finishReason']): Promise<GenerateResult> => ({
      promptTokens: promptTokens ?? (await countTokens(req.model, promptText)),
      completionTokens: delivered,
      finishReason,
    });
    if (req.signal?.aborted) return result('cancelled');

    const filter = createStopSequenceFilter(req.stop ?? []);
    const deliver = (texts: string[]) => {
      for (const text of texts) {
        delivered += 1;
        onToken({ text });
      }
    };
    let end: OpenAIStreamEnd;
    try {
      const path = chat ? '/v1/chat/completions' : '/v1/completions';
      const response = await client.post(path, toOpenAIRequestBody(req, options.model), req.signal);
      end = await readOpenAIStream(response.body, {
        chat,
        onPromptTokens: (count) => {
          promptTokens = count;
        },
        onText: (text) => {
          const { released, stopped } = filter.push(text);
          deliver(released);
          return stopped;
        },
      });
    } catch (cause) {
      if (req.signal?.aborted) return result('cancelled');
      if (cause instanceof EngineError) throw cause;
      throw new EngineError('UPSTREAM_UNREACHABLE', `the upstream stream failed: ${errorMessage(cause)}`, {
        cause,
      });
    }
    if (req.signal?.aborted) return result('cancelled');
    if (end.finishReason === undefined) {
      // A stream that ends without a finish reason was cut (server crash, proxy timeout): an error,
      // so the coordinator can resume the task elsewhere instead of billing a truncated answer.
      throw new EngineError(
        'UPSTREAM_PROTOCOL_ERROR',
        end.sawDone ? 'the upstream finished without a finish reason' : 'the upstream stream ended early',
      );
    }
    deliver(filter.flush());
    return result(end.finishReason);
  }

  return {
    kind: 'openai',
    modelId,
    async listModels() {
      if (closed) throw new EngineError('ENGINE_CLOSED', 'the OpenAI engine is closed');
      const { contextLength } = await findUpstreamModel(client, options.model);
      return [
        {
          id: modelId,
          ...(contextLength === undefined ? {} : { contextLength }),
          ...(options.embeddings ? { capabilities: ['chat' as const, 'embeddings' as const] } : {}),
        },
      ];
    },
    generate,
    ...(options.embeddings
      ? {
          embed: async (req: EmbedRequest) => {
            requireModel(req.model);
            return embedUpstream(client, options.model, req, (text) => countTokens(req.model, text));
          },
        }
      : {}),
    countTokens,
    async close() {
      closed = true;
    },
  };
}
