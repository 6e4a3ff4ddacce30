import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../../http/openapi.js';
import { formatFixed } from '../priceTokens.js';
import { createEmbeddings, type EmbeddingDependencies } from './createEmbeddings.js';
import { EmbeddingsRequestSchema, EmbeddingsResponseSchema } from './embeddingSchemas.js';
import { encodeEmbedding } from './encodeEmbedding.js';
import { readEmbeddingInputs } from './readEmbeddingInputs.js';

const embeddingsRoute = createRoute({
  method: 'post',
  path: '/v1/embeddings',
  tags: ['inference'],
  summary: 'OpenAI-compatible embeddings, computed by a node serving the model, paid per input token',
  security: [{ bearer: [] }],
  request: { body: jsonRequestBody(EmbeddingsRequestSchema) },
  responses: {
    ...errorResponses,
    200: jsonBody(EmbeddingsResponseSchema, 'One vector per input, in input order'),
    400: jsonBody(
      ErrorSchema,
      'Too many inputs, an input empty or too long, token arrays, or dimensions too large',
    ),
    402: jsonBody(ErrorSchema, 'Balance or spending authorization too low'),
    404: jsonBody(ErrorSchema, 'The model is not offered'),
    503: jsonBody(ErrorSchema, 'No node serves embeddings for the model now'),
  },
});

/**
 * `POST /v1/embeddings` (OpenAI's shape, the official clients work unchanged), authenticated like
 * chat. The usage counts the coordinator's prompt tokens, and `far` carries the task, the node
 * and the FAR cost like a chat completion's.
 */
export function embeddingRoutes(options: {
  deps: EmbeddingDependencies;
  requireCaller: MiddlewareHandler<AppEnv>;
}) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/v1/embeddings', options.requireCaller);
  app.openapi(embeddingsRoute, async (c) => {
    const body = c.req.valid('json');
    const input = readEmbeddingInputs(body.input);
    const caller = c.get('caller');
    const outcome = await createEmbeddings(options.deps, {
      userId: caller.userId,
      walletAddress: caller.walletAddress,
      apiKeyId: caller.apiKeyId,
      model: body.model,
      input,
      dimensions: body.dimensions,
      signal: c.req.raw.signal,
    });
    c.header('X-Far-Task-Id', outcome.taskId);
    c.header('X-Far-Node-Id', outcome.nodeId);
    const base64 = body.encoding_format === 'base64';
    return c.json(
      {
        object: 'list' as const,
        data: outcome.embeddings.map((vector, index) => ({
          object: 'embedding' as const,
          index,
          embedding: base64 ? encodeEmbedding(vector) : vector,
        })),
        model: outcome.model.id,
        usage: { prompt_tokens: outcome.promptTokens, total_tokens: outcome.promptTokens },
        far: {
          task_id: outcome.taskId,
          node_id: outcome.nodeId,
          cost_far_wei: outcome.costFarWei.toString(),
          cost_far: formatFixed(outcome.costFarWei, 18),
          cost_usd: outcome.costUsd,
          split_wei: {
            node: outcome.split.node.toString(),
            stakers: outcome.split.stakers.toString(),
            treasury: outcome.split.treasury.toString(),
          },
        },
      },
      200,
    );
  });
  return app;
}
