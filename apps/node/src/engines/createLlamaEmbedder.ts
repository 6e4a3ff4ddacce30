import type { LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import type { EmbedRequest, EmbedResult } from './engine.js';
import { EngineError } from './engineError.js';
import { errorMessage } from './errorMessage.js';
import { normalizeEmbedding } from './normalizeEmbedding.js';

/** Embeds texts with a loaded GGUF model; `close` frees its embedding context. */
export type LlamaEmbedder = { embed(req: EmbedRequest): Promise<EmbedResult>; close(): Promise<void> };

/**
 * Embeds texts on a llama.cpp model through node-llama-cpp's embedding context, created on the
 * first request (it takes memory of its own, so a node that is never asked pays nothing). The
 * context evaluates one text at a time, so requests queue behind each other. Vectors are
 * normalized to unit length.
 *
 * @param model - the loaded model.
 * @param options - the embedding context's size (tokens one input may take) and threads.
 * @returns the embedder.
 * @throws EngineError `CONTEXT_OVERFLOW` (an input longer than the context) or `GENERATION_FAILED`.
 * @example
 * const embedder = createLlamaEmbedder(model, { contextSize: 512, threads: 2 });
 * const { embeddings } = await embedder.embed({ model: 'far-demo', input: ['the river'] });
 */
export function createLlamaEmbedder(
  model: LlamaModel,
  options: { contextSize: number; threads: number },
): LlamaEmbedder {
  let context: Promise<LlamaEmbeddingContext> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const open = () => {
    context ??= model.createEmbeddingContext({ contextSize: options.contextSize, threads: options.threads });
    return context;
  };
  const embedAll = async (req: EmbedRequest): Promise<EmbedResult> => {
    const ctx = await open();
    const embeddings: number[][] = [];
    let promptTokens = 0;
    for (const text of req.input) {
      req.signal?.throwIfAborted();
      const length = ctx.calculateInputLength(text);
      if (length > options.contextSize) {
        throw new EngineError(
          'CONTEXT_OVERFLOW',
          `an input takes ${length} tokens; the embedding context holds ${options.contextSize}`,
        );
      }
      promptTokens += length;
      const embedding = await ctx.getEmbeddingFor(text);
      embeddings.push(normalizeEmbedding(embedding.vector));
    }
    return { embeddings, promptTokens };
  };
  return {
    embed(req) {
      const run = queue.then(() => embedAll(req));
      queue = run.catch(() => undefined);
      return run.catch((cause: unknown) => {
        if (cause instanceof EngineError || req.signal?.aborted) throw cause;
        throw new EngineError('GENERATION_FAILED', `embedding failed: ${errorMessage(cause)}`, { cause });
      });
    },
    async close() {
      const ctx = await context?.catch(() => undefined);
      await ctx?.dispose();
    },
  };
}
