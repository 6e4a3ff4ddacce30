import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody } from '../http/openapi.js';
import { readNetworkMetrics } from './readNetworkMetrics.js';

const MAX_RANGE_MS = 366 * 24 * 3600_000;

const PointSchema = z.object({
  at: z.iso.datetime(),
  samples: z.number().int(),
  nodes_online: z.number(),
  nodes_total: z.number(),
  total_vram_gb: z.number(),
  tokens_per_second: z.number(),
  utilization: z.number(),
  average_score: z.number(),
  queue_depth: z.number(),
  requests: z.number(),
  completed: z.number(),
  failed: z.number(),
  error_rate: z.number(),
  nodes_by_model: z.record(z.string(), z.number()),
});

const metricsRoute = createRoute({
  method: 'get',
  path: '/api/network/metrics',
  tags: ['network'],
  summary:
    'The network metrics time series over a range (nodes online, by model, tokens/s, requests, errors, queue)',
  description:
    'Sampled every minute; kept at one-minute resolution for 24 h, hourly for 30 days, daily beyond. ' +
    'Without `resolution` the finest one kept for the whole range is read. Gauges of a coarser point are ' +
    'averages over its samples; requests, completed and failed are totals.',
  request: {
    query: z.object({
      from: z.iso.datetime().optional().openapi({ description: 'Start (default: 24 h before `to`)' }),
      to: z.iso.datetime().optional().openapi({ description: 'End (default: now)' }),
      resolution: z.enum(['minute', 'hour', 'day']).optional(),
    }),
  },
  responses: {
    200: jsonBody(
      z.object({ resolution: z.enum(['minute', 'hour', 'day']), points: z.array(PointSchema) }),
      'Series',
    ),
    ...errorResponses,
  },
});

/** The public network metrics series (`GET /api/network/metrics`). */
export function networkMetricsRoutes(options: { db: Db }) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(metricsRoute, async (c) => {
    const query = c.req.valid('query');
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 24 * 3600_000);
    if (from.getTime() > to.getTime()) throw new BaseError('validation_failed', 'from: must not be after to');
    if (to.getTime() - from.getTime() > MAX_RANGE_MS) {
      throw new BaseError('validation_failed', 'from: the range may span at most 366 days');
    }
    const series = await readNetworkMetrics(options.db, { from, to, resolution: query.resolution });
    return c.json(
      {
        resolution: series.resolution,
        points: series.points.map(({ at, samples, metrics: m }) => ({
          at: at.toISOString(),
          samples,
          nodes_online: m.nodesOnline,
          nodes_total: m.nodesTotal,
          total_vram_gb: m.totalVramGb,
          tokens_per_second: m.tokensPerSecond,
          utilization: m.utilization,
          average_score: m.averageScore,
          queue_depth: m.queueDepth,
          requests: m.requests,
          completed: m.completed,
          failed: m.failed,
          error_rate: m.errorRate,
          nodes_by_model: m.nodesByModel,
        })),
      },
      200,
    );
  });
  return app;
}
