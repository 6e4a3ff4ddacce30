import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { createPriceKeeperMetrics } from '../priceKeeper/createPriceKeeperMetrics.js';
import { createStateMetrics } from './createStateMetrics.js';

/**
 * The Prometheus registry of one API process and the metrics its parts record.
 * One registry per app instance so tests don't share counters.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: 'far_http_requests_total',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'far_http_request_duration_seconds',
      help: 'HTTP request duration by method and route',
      labelNames: ['method', 'route'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'far_rate_limited_total',
      help: 'Requests refused by a rate limit, by scope',
      labelNames: ['scope'] as const,
      registers: [registry],
    }),
    nodesOnline: new Gauge({
      name: 'far_nodes_online',
      help: 'GPU nodes connected to this replica',
      registers: [registry],
    }),
    modelNodesOnline: new Gauge({
      name: 'far_model_nodes_online',
      help: 'Serving nodes connected to this replica, by model (0 while a listed model has none)',
      labelNames: ['model'] as const,
      registers: [registry],
    }),
    inferenceTtft: new Histogram({
      name: 'far_inference_ttft_seconds',
      help: 'Time from an accepted completion request to its first token',
      labelNames: ['model'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    inferenceTokens: new Counter({
      name: 'far_inference_tokens_total',
      help: 'Completion tokens streamed to callers (rate = tokens per second)',
      labelNames: ['model'] as const,
      registers: [registry],
    }),
    ...createStateMetrics(registry),
    ...createPriceKeeperMetrics(registry),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
