import os from 'node:os';
import { type Llama, type LlamaContextSequence, resolveChatWrapper } from 'node-llama-cpp';
import { createLlamaEmbedder } from './createLlamaEmbedder.js';
import { createSequencePool } from './createSequencePool.js';
import type { Engine, GenerateRequest, GenerateResult, TokenEvent } from './engine.js';
import { EngineError } from './engineError.js';
import { errorMessage } from './errorMessage.js';
import { generateOnLlamaSequence } from './generateOnLlamaSequence.js';
import { loadLlamaModel } from './loadLlamaModel.js';
import { parseGenerateRequest } from './parseGenerateRequest.js';
import { renderLlamaPrompt } from './renderLlamaPrompt.js';

export type CreateLlamaEngineOptions = {
  /** Path of a GGUF file. */
  modelPath: string;
  /** The model id the coordinator routes by (e.g. "far-demo"). */
  modelId: string;
  /**
   * CPU threads for evaluation. Default: all cores but one, at least one — the agent's event loop
   * (WebSocket, heartbeats, token forwarding) keeps a core, so streaming stays smooth under load.
   */
  threads?: number;
  /** Tokens each concurrent request may hold (prompt + completion). Default: min(train context, 4096). */
  contextSize?: number;
  /** Requests generated at once, one context sequence each; more wait in line. Default 1. */
  maxConcurrency?: number;
  /** `'auto'` uses CUDA/Vulkan/Metal when present; `false` forces CPU. Default `'auto'`. */
  gpu?: 'auto' | false;
  /**
   * At most this many tokens per second per request. A tiny model such as far-demo answers in a
   * few milliseconds; a cap lets people watch it stream (and stop it, or kill its node mid-answer).
   * Default: as fast as the model runs.
   */
  maxTokensPerSecond?: number;
  /** Also serve embeddings of the model (announced as the `embeddings` capability). Default false. */
  embeddings?: boolean;
};

/** The llama.cpp engine plus what it settled on, for the agent's join message. */
export type LlamaEngine = Engine & {
  readonly kind: 'llama';
  readonly modelId: string;
  readonly contextSize: number;
  readonly maxConcurrency: number;
  readonly threads: number;
  /** 'cuda' | 'vulkan' | 'metal' when a GPU backend is in use, otherwise false. */
  readonly gpu: string | false;
  /** The node-llama-cpp instance, e.g. for `detectGpu({ llama })` without loading a second one. */
  readonly llama: Llama;
};

/**
 * Loads a GGUF model with node-llama-cpp (prebuilt binaries only: `build: "never"` so a missing
 * binary fails loudly instead of compiling llama.cpp) and serves generate requests on it, one context
 * sequence per concurrent request, streaming one event per generated token.
 * @param options model file, id, threads, context size, concurrency and GPU choice
 * @returns the engine; call `close()` to free the model
 * @throws EngineError `MODEL_LOAD_FAILED` when the file cannot be loaded
 * @example
 * const engine = await createLlamaEngine({ modelPath: '.far/models/far-demo.gguf', modelId: 'far-demo' });
 * await engine.generate({ model: 'far-demo', prompt: 'The river', maxTokens: 16, temperature: 0 }, (t) => process.stdout.write(t.text));
 */
export async function createLlamaEngine(options: CreateLlamaEngineOptions): Promise<LlamaEngine> {
  const { maxConcurrency, threads, tokenIntervalMs } = checkLlamaEngineOptions(options);
  const { llama, model, context } = await loadLlamaModel({
    modelPath: options.modelPath,
    gpu: options.gpu ?? 'auto',
    contextSize: options.contextSize,
    sequences: maxConcurrency,
    threads,
  });

  const chatWrapper = resolveChatWrapper(model);
  // SentencePiece (llama.cpp's "llama" vocabulary) adds a space prefix unless the file says not to.
  const tokenizerInfo = model.fileInfo.metadata.tokenizer?.ggml;
  const spacePrefix = tokenizerInfo?.add_space_prefix ?? tokenizerInfo?.model === 'llama';
  const sequences: LlamaContextSequence[] = [];
  for (let i = 0; i < maxConcurrency; i++) sequences.push(context.getSequence());
  const contextSize = sequences[0]?.contextSize ?? context.contextSize;
  const pool = createSequencePool(sequences);
  const embedder = options.embeddings ? createLlamaEmbedder(model, { contextSize, threads }) : undefined;
  let closed = false;
  const requireModel = (modelId: string) => {
    if (modelId !== options.modelId) {
      throw new EngineError('MODEL_NOT_FOUND', `this engine serves ${options.modelId}, not ${modelId}`);
    }
  };

  async function generate(input: GenerateRequest, onToken: (t: TokenEvent) => void): Promise<GenerateResult> {
    if (closed) throw new EngineError('ENGINE_CLOSED', 'the llama engine is closed');
    const req = parseGenerateRequest(input);
    requireModel(req.model);
    const prompt = renderLlamaPrompt(model, chatWrapper, req, spacePrefix);
    const promptTokens = prompt.tokens.length;
    if (promptTokens >= contextSize) {
      throw new EngineError(
        'CONTEXT_OVERFLOW',
        `the prompt takes ${promptTokens} tokens; the context holds ${contextSize}`,
      );
    }
    if (req.signal?.aborted) return { promptTokens, completionTokens: 0, finishReason: 'cancelled' };
    const sequence = await pool.acquire(req.signal);
    if (closed)
      throw new EngineError('ENGINE_CLOSED', 'the llama engine was closed while the request waited');
    if (!sequence) return { promptTokens, completionTokens: 0, finishReason: 'cancelled' };
    try {
      return await generateOnLlamaSequence({
        model,
        sequence,
        prompt,
        req,
        contextSize,
        tokenIntervalMs,
        spacePrefix,
        onToken,
      });
    } catch (cause) {
      if (cause instanceof EngineError) throw cause;
      if (closed) {
        throw new EngineError('ENGINE_CLOSED', 'the llama engine was closed mid-generation', { cause });
      }
      throw new EngineError('GENERATION_FAILED', `generation failed: ${errorMessage(cause)}`, { cause });
    } finally {
      pool.release(sequence);
    }
  }

  return {
    kind: 'llama',
    modelId: options.modelId,
    contextSize,
    maxConcurrency,
    threads,
    gpu: llama.gpu,
    llama,
    async listModels() {
      return [
        embedder
          ? { id: options.modelId, contextLength: contextSize, capabilities: ['chat', 'embeddings'] }
          : { id: options.modelId, contextLength: contextSize },
      ];
    },
    generate,
    ...(embedder
      ? {
          async embed(req) {
            if (closed) throw new EngineError('ENGINE_CLOSED', 'the llama engine is closed');
            requireModel(req.model);
            return embedder.embed(req);
          },
        }
      : {}),
    async countTokens(modelId, text) {
      requireModel(modelId);
      return model.tokenize(text).length;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Requests still waiting for a sequence fail with ENGINE_CLOSED instead of hanging.
      pool.close();
      await embedder?.close();
      await llama.dispose();
    },
  };
}

/** Concurrency, threads and token pacing from the options, refused with INVALID_REQUEST when out of range. */
function checkLlamaEngineOptions(options: CreateLlamaEngineOptions): {
  maxConcurrency: number;
  threads: number;
  tokenIntervalMs: number;
} {
  const maxConcurrency = options.maxConcurrency ?? 1;
  if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
    throw new EngineError(
      'INVALID_REQUEST',
      `maxConcurrency must be a positive integer, got ${maxConcurrency}`,
    );
  }
  const threads = options.threads ?? Math.max(1, os.availableParallelism() - 1);
  const { maxTokensPerSecond } = options;
  if (maxTokensPerSecond !== undefined && !(maxTokensPerSecond > 0 && Number.isFinite(maxTokensPerSecond))) {
    throw new EngineError(
      'INVALID_REQUEST',
      `maxTokensPerSecond must be a positive number, got ${maxTokensPerSecond}`,
    );
  }
  return { maxConcurrency, threads, tokenIntervalMs: maxTokensPerSecond ? 1000 / maxTokensPerSecond : 0 };
}
