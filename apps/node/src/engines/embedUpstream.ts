import { z } from 'zod';
import type { UpstreamClient } from './createUpstreamClient.js';
import type { EmbedRequest, EmbedResult } from './engine.js';
import { EngineError } from './engineError.js';
import { errorMessage } from './errorMessage.js';
import { normalizeEmbedding } from './normalizeEmbedding.js';

/** The part of OpenAI's embeddings response the node uses; vLLM, llama.cpp server and Ollama send it. */
const UpstreamEmbeddingsSchema = z.object({
  data: z.array(z.object({ index: z.int().min(0), embedding: z.array(z.number()).min(1) })),
  usage: z
    .object({ prompt_tokens: z.int().min(0) })
    .partial()
    .optional(),
});

/**
 * Embeds texts on an OpenAI-compatible server (`POST /v1/embeddings`, floats), in input order and
 * normalized to unit length. The server's `usage.prompt_tokens` is the node's claim; without one
 * the node claims `countTokens` of each input.
 *
 * @param client - the upstream.
 * @param upstreamModel - the model name the upstream serves.
 * @param req - the texts.
 * @param countTokens - the fallback count for a server that reports no usage.
 * @returns one vector per input and the tokens they took.
 * @throws EngineError `UPSTREAM_PROTOCOL_ERROR` when the answer is not one vector per input.
 * @example
 * const { embeddings } = await embedUpstream(client, 'nomic-embed-text', { model: 'nomic-embed-text', input: ['hi'] }, count);
 */
export async function embedUpstream(
  client: UpstreamClient,
  upstreamModel: string,
  req: EmbedRequest,
  countTokens: (text: string) => Promise<number>,
): Promise<EmbedResult> {
  const response = await client.post(
    '/v1/embeddings',
    { model: upstreamModel, input: req.input, encoding_format: 'float' },
    req.signal,
  );
  let body: unknown;
  try {
    body = await response.json();
  } catch (cause) {
    if (req.signal?.aborted) throw cause;
    throw new EngineError(
      'UPSTREAM_PROTOCOL_ERROR',
      `embeddings answer is not JSON: ${errorMessage(cause)}`,
      {
        cause,
      },
    );
  }
  const parsed = UpstreamEmbeddingsSchema.safeParse(body);
  if (!parsed.success) {
    throw new EngineError('UPSTREAM_PROTOCOL_ERROR', `embeddings answer: ${parsed.error.issues[0]?.message}`);
  }
  const byIndex = new Map(parsed.data.data.map((d) => [d.index, d.embedding]));
  const embeddings = req.input.map((_, i) => byIndex.get(i));
  if (byIndex.size !== req.input.length || embeddings.some((e) => e === undefined)) {
    throw new EngineError(
      'UPSTREAM_PROTOCOL_ERROR',
      `embeddings answer has ${parsed.data.data.length} vectors for ${req.input.length} inputs`,
    );
  }
  const claimed = parsed.data.usage?.prompt_tokens;
  const promptTokens =
    claimed ?? (await Promise.all(req.input.map(countTokens))).reduce((sum, n) => sum + n, 0);
  return { embeddings: (embeddings as number[][]).map(normalizeEmbedding), promptTokens };
}
