import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses } from '../http/openapi.js';
import type { Metrics } from './createMetrics.js';

const metricsRoute = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['operations'],
  summary: 'Prometheus metrics (operators only)',
  description:
    'Answers with the OPERATOR_TOKEN as a bearer token or, when none is configured, to direct connections from this host.',
  security: [{ operator: [] }],
  responses: {
    200: {
      description: 'Prometheus text exposition format',
      content: { 'text/plain': { schema: z.string() } },
    },
    401: errorResponses[401],
    429: errorResponses[429],
  },
});

/**
 * `/metrics`: request counts by route, rate-limit refusals, nodes online and the process's own
 * figures. Operators only: the route labels and counters describe traffic and capacity.
 *
 * @param metrics - the app's registry.
 * @returns a router to mount with `app.route('/', metricsRoutes(metrics))`.
 */
export function metricsRoutes(metrics: Metrics) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(metricsRoute, async (c) => {
    if (!c.get('operator')()) {
      throw new BaseError(
        'unauthorized',
        'Metrics are for operators: send Authorization: Bearer <OPERATOR_TOKEN>, or scrape from this host when none is set',
        { headers: { 'WWW-Authenticate': 'Bearer' } },
      );
    }
    return c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType });
  });
  return app;
}
