import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody } from '../http/openapi.js';
import type { NodeRegistry } from '../nodes/nodeRegistry.js';
import { SCORE_MEMORY } from '../scheduler/updateNodeScore.js';
import { NEUTRAL_SCORE } from '../services/inference/planPayouts.js';
import { NODE_SCORE_WEIGHTS, TARGET_FIRST_TOKEN_LATENCY_MS } from './nodeScoreTarget.js';
import { PERFORMANCE_WINDOW_MS, readNodeScoreCards } from './readNodeScoreCards.js';
import { UPTIME_WINDOW_MS } from './readNodeUptimes.js';

const FactorsSchema = z.object({
  uptime: z.number(),
  speed: z.number(),
  latency: z.number(),
  audits: z.number(),
  accuracy: z.number(),
});

const scoresRoute = createRoute({
  method: 'get',
  path: '/api/nodes/scores',
  tags: ['network'],
  summary:
    "Every recent node's score, payment adjustment and the measured inputs behind them, with the formula",
  responses: {
    200: jsonBody(
      z.object({
        formula: z.object({
          weights: FactorsSchema,
          score_memory: z.number(),
          target_first_token_latency_ms: z.number(),
          neutral_score: z.number(),
          uptime_window_hours: z.number(),
          performance_window_hours: z.number(),
        }),
        data: z.array(
          z.object({
            node_id: z.string(),
            status: z.string(),
            gpu_model: z.string().nullable(),
            vram_gb: z.number().nullable(),
            score: z.number(),
            payment_adjustment_percent: z.number().int(),
            target: z.number(),
            inputs: z.object({
              uptime: z.number(),
              tokens_per_second: z.number().nullable(),
              speed_ratio: z.number().nullable(),
              first_token_latency_ms: z.number().nullable(),
              audit_pass_rate: z.number(),
              tasks_24h: z.number().int(),
            }),
            factors: FactorsSchema,
          }),
        ),
      }),
      'Scores',
    ),
    ...errorResponses,
  },
});

/** The public node scores (`GET /api/nodes/scores`): what the GPU page shows of the score formula. */
export function nodeScoreRoutes(options: { db: Db; registry: NodeRegistry }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(scoresRoute, async (c) => {
    const cards = await readNodeScoreCards(options.db, options.registry, Date.now());
    return c.json(
      {
        formula: {
          weights: { ...NODE_SCORE_WEIGHTS },
          score_memory: SCORE_MEMORY,
          target_first_token_latency_ms: TARGET_FIRST_TOKEN_LATENCY_MS,
          neutral_score: NEUTRAL_SCORE,
          uptime_window_hours: UPTIME_WINDOW_MS / 3_600_000,
          performance_window_hours: PERFORMANCE_WINDOW_MS / 3_600_000,
        },
        data: cards.map((card) => ({
          node_id: card.nodeId,
          status: card.status,
          gpu_model: card.gpuModel,
          vram_gb: card.vramGb,
          score: Math.round(card.score * 100) / 100,
          payment_adjustment_percent: card.paymentAdjustmentPercent,
          target: Math.round(card.target * 100) / 100,
          inputs: {
            uptime: card.inputs.uptime,
            tokens_per_second: card.inputs.tokensPerSecond,
            speed_ratio: card.inputs.speedRatio,
            first_token_latency_ms: card.inputs.firstTokenLatencyMs,
            audit_pass_rate: card.inputs.auditPassRate,
            tasks_24h: card.inputs.tasks24h,
          },
          factors: card.factors,
        })),
      },
      200,
    );
  });
  return app;
}
