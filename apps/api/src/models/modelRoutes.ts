import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody } from '../http/openapi.js';
import type { LiveNode, NodeRegistry } from '../nodes/nodeRegistry.js';
import { nodeServesCapability } from '../scheduler/selectNode.js';
import { taskCostWei } from '../services/inference/priceTokens.js';
import type { ModelSpec } from './ModelSpec.js';
import { readModelCatalogue } from './readModelCatalogue.js';

const PricingSchema = z.object({
  /** USD per 1M prompt tokens, exact. */
  usd_per_1m_input_tokens: z.string(),
  /** USD per 1M generated tokens, exact. */
  usd_per_1m_output_tokens: z.string(),
  /** The same in FAR wei at the current FAR/USD price; null while the price feed is unavailable. */
  far_per_1m_input_tokens_wei: z.string().nullable(),
  far_per_1m_output_tokens_wei: z.string().nullable(),
});

const modelsRoute = createRoute({
  method: 'get',
  path: '/v1/models',
  tags: ['inference'],
  summary:
    'The model catalogue (OpenAI shape plus Far fields): every active model with its input and output price, live node count and measured speed',
  responses: {
    200: jsonBody(
      z.object({
        object: z.literal('list'),
        data: z.array(
          z.object({
            id: z.string(),
            object: z.literal('model'),
            /** When the catalogue entry last changed (Unix seconds). */
            created: z.number().int(),
            owned_by: z.string(),
            kind: z.enum(['chat', 'embedding']),
            family: z.string(),
            parameter_count: z.number().int(),
            quantization: z.string(),
            context_length: z.number().int(),
            /** SHA-256 of the GGUF weights every node serves under this id; null when not pinned. */
            weights_sha256: z.string().nullable(),
            pricing: PricingSchema,
            /** The speed a node is expected to reach (the score's yardstick). */
            tokens_per_second: z.number(),
            /** Mean generation speed the online nodes serving it reported in their last heartbeat; null when none is generating. */
            measured_tokens_per_second: z.number().nullable(),
            min_vram_gb: z.number(),
            available_nodes: z.number().int(),
            /** Online nodes that compute embeddings of the model (POST /v1/embeddings). */
            embedding_nodes: z.number().int(),
          }),
        ),
      }),
      'Models',
    ),
  },
});

const catalogueRoute = createRoute({
  method: 'get',
  path: '/api/models',
  tags: ['network'],
  summary:
    'The model catalogue as stored, retired models included; with vram_gb, only the active models a GPU of that memory can serve, best earning first',
  request: {
    query: z.object({
      vram_gb: z.coerce.number().min(0).max(16_384).optional(),
    }),
  },
  responses: {
    200: jsonBody(
      z.object({
        models: z.array(
          z.object({
            id: z.string(),
            family: z.string(),
            parameterCount: z.number().int(),
            quantization: z.string(),
            contextLength: z.number().int(),
            minVramGb: z.number().int(),
            tokensPerSecond: z.number().int(),
            inputPriceUsdPer1M: z.string(),
            outputPriceUsdPer1M: z.string(),
            weightsSha256: z.string().nullable(),
            source: z.string(),
            kind: z.enum(['chat', 'embedding']),
            status: z.enum(['active', 'retired']),
            updatedAt: z.string(),
            /** Online nodes serving it now. */
            liveNodes: z.number().int(),
          }),
        ),
      }),
      'Catalogue',
    ),
    ...errorResponses,
  },
});

/**
 * The catalogue's read routes: `/v1/models` (OpenAI's list, plus prices, live nodes and measured
 * speed) and `GET /api/models` (the stored entries; `?vram_gb=` picks what a GPU can earn with).
 * Operators change the catalogue through the admin routes (upsertCatalogueModel, retireCatalogueModel).
 *
 * @param options - the database, the live node registry and the FAR/USD price.
 * @returns the routes.
 */
export function modelRoutes(options: { db: Db; registry: NodeRegistry; farUsdPrice: () => Promise<bigint> }) {
  const { db, registry } = options;
  const app = new OpenAPIHono<AppEnv>();

  app.openapi(modelsRoute, async (c) => {
    const [catalogue, price] = await Promise.all([
      readModelCatalogue(db),
      options.farUsdPrice().catch(() => undefined),
    ]);
    const perMillion = (usd: string) =>
      price
        ? taskCostWei(
            { inputPriceUsdPer1M: usd, outputPriceUsdPer1M: '0' },
            { promptTokens: 1_000_000, completionTokens: 0 },
            price,
          ).toString()
        : null;
    const data = catalogue
      .list()
      .filter((model) => model.status === 'active')
      .map((model) => {
        const live = liveNodesOf(registry, model);
        const speeds = live.map((node) => node.tokensPerSecond).filter((speed) => speed > 0);
        return {
          id: model.id,
          object: 'model' as const,
          created: Math.floor(model.updatedAt.getTime() / 1000),
          owned_by: 'far-labs',
          kind: model.kind,
          family: model.family,
          parameter_count: model.parameterCount,
          quantization: model.quantization,
          context_length: model.contextLength,
          weights_sha256: model.weightsSha256,
          pricing: {
            usd_per_1m_input_tokens: model.inputPriceUsdPer1M,
            usd_per_1m_output_tokens: model.outputPriceUsdPer1M,
            far_per_1m_input_tokens_wei: perMillion(model.inputPriceUsdPer1M),
            far_per_1m_output_tokens_wei: perMillion(model.outputPriceUsdPer1M),
          },
          tokens_per_second: model.tokensPerSecond,
          measured_tokens_per_second:
            speeds.length > 0
              ? Math.round((speeds.reduce((a, b) => a + b, 0) / speeds.length) * 10) / 10
              : null,
          min_vram_gb: model.minVramGb,
          available_nodes: live.length,
          embedding_nodes: live.filter((node) => nodeServesCapability(node, model.id, 'embeddings')).length,
        };
      });
    return c.json({ object: 'list' as const, data }, 200);
  });

  app.openapi(catalogueRoute, async (c) => {
    const { vram_gb: vramGb } = c.req.valid('query');
    const catalogue = await readModelCatalogue(db);
    const models =
      vramGb === undefined
        ? [...catalogue.list()]
        : catalogue
            .list()
            .filter((model) => model.status === 'active' && model.minVramGb <= vramGb)
            .sort((a, b) => earningRate(b) - earningRate(a) || a.id.localeCompare(b.id));
    return c.json(
      {
        models: models.map((model) => ({
          ...model,
          updatedAt: model.updatedAt.toISOString(),
          liveNodes: liveNodesOf(registry, model).length,
        })),
      },
      200,
    );
  });

  return app;
}

/** Online nodes serving `model` on a GPU that meets its minimum. */
function liveNodesOf(registry: NodeRegistry, model: ModelSpec): LiveNode[] {
  const live: LiveNode[] = [];
  for (const node of registry.nodesServing(model.id)) {
    if (node.status === 'online' && node.gpu.vramGb >= model.minVramGb) live.push(node);
  }
  return live;
}

/** USD a busy node earns per second at the model's expected speed and output price: the ordering of the suggestions. */
function earningRate(model: ModelSpec): number {
  return (
    model.tokensPerSecond *
    Number(model.kind === 'chat' ? model.outputPriceUsdPer1M : model.inputPriceUsdPer1M)
  );
}
