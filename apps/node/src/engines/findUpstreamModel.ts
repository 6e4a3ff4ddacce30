import { z } from 'zod';
import type { UpstreamClient } from './createUpstreamClient.js';
import { EngineError } from './engineError.js';

const modelsSchema = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      max_model_len: z.number().int().optional(),
      meta: z.object({ n_ctx_train: z.number().int().optional() }).nullish(),
    }),
  ),
});

/**
 * Finds a model in the server's `/v1/models` list, with its context length where the server says
 * it (vLLM `max_model_len`, llama.cpp server `meta.n_ctx_train`).
 *
 * @param client - the server.
 * @param model - the model name.
 * @returns its context length, or undefined when the server does not say.
 * @throws EngineError `MODEL_NOT_FOUND` when the server does not serve it, `UPSTREAM_PROTOCOL_ERROR` for an unexpected list.
 * @example
 * const { contextLength } = await findUpstreamModel(client, 'Qwen/Qwen2.5-7B-Instruct');
 */
export async function findUpstreamModel(
  client: UpstreamClient,
  model: string,
): Promise<{ contextLength: number | undefined }> {
  const response = await client.get('/v1/models');
  const parsed = modelsSchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new EngineError('UPSTREAM_PROTOCOL_ERROR', `${client.root}/v1/models sent an unexpected body`);
  }
  const found = parsed.data.data.find((m) => m.id === model);
  if (!found) throw new EngineError('MODEL_NOT_FOUND', `${client.root} does not serve ${model}`);
  return { contextLength: found.max_model_len ?? found.meta?.n_ctx_train ?? undefined };
}
