import type { NetworkMetricsValues } from '@far/db';

/** A stored sample or summary: its values and how many raw one-minute samples it stands for. */
export type NetworkMetricsSummary = { samples: number; metrics: NetworkMetricsValues };

/** Values that are a state at an instant: their summary is the average over the samples. */
const GAUGES = [
  'nodesOnline',
  'nodesTotal',
  'totalVramGb',
  'tokensPerSecond',
  'utilization',
  'averageScore',
  'queueDepth',
] as const;

/** Values that count events in the covered time: their summary is the total. */
const COUNTERS = ['requests', 'completed', 'failed'] as const;

/**
 * Summarizes samples into one coarser row: gauges (nodes online, tokens/s, utilization, queue
 * depth, score, nodes per model) averaged, weighted by how many raw samples each row stands for;
 * counters (requests, completed, failed) summed; the error rate recomputed from the sums, so an hour
 * with one failure in 1,000 requests is 0.1 % whatever its minutes' rates were.
 *
 * @param rows - the finer rows of one bucket (at least one).
 * @returns the summary row.
 * @example
 * downsampleNetworkMetrics(minutesOfOneHour) // { samples: 60, metrics: { nodesOnline: 2.5, requests: 1200, … } }
 */
export function downsampleNetworkMetrics(rows: readonly NetworkMetricsSummary[]): NetworkMetricsSummary {
  const samples = rows.reduce((sum, row) => sum + Math.max(1, row.samples), 0);
  const metrics: NetworkMetricsValues = {
    nodesOnline: 0,
    nodesTotal: 0,
    totalVramGb: 0,
    tokensPerSecond: 0,
    utilization: 0,
    averageScore: 0,
    queueDepth: 0,
    requests: 0,
    completed: 0,
    failed: 0,
    errorRate: 0,
    nodesByModel: {},
  };
  if (samples === 0) return { samples: 0, metrics };
  // Sums of value × samples, divided once at the end: exact for whole numbers of nodes.
  for (const row of rows) {
    const weight = Math.max(1, row.samples);
    for (const key of GAUGES) metrics[key] += (row.metrics[key] ?? 0) * weight;
    for (const key of COUNTERS) metrics[key] += row.metrics[key] ?? 0;
    for (const [model, nodes] of Object.entries(row.metrics.nodesByModel ?? {})) {
      metrics.nodesByModel[model] = (metrics.nodesByModel[model] ?? 0) + nodes * weight;
    }
  }
  for (const key of GAUGES) metrics[key] /= samples;
  for (const model of Object.keys(metrics.nodesByModel)) {
    metrics.nodesByModel[model] = (metrics.nodesByModel[model] ?? 0) / samples;
  }
  const finished = metrics.completed + metrics.failed;
  metrics.errorRate = finished > 0 ? metrics.failed / finished : 0;
  return { samples, metrics };
}
