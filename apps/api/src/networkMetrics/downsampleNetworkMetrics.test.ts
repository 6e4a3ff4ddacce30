import type { NetworkMetricsValues } from '@far/db';
import { describe, expect, it } from 'vitest';
import { downsampleNetworkMetrics } from './downsampleNetworkMetrics.js';

const sample = (over: Partial<NetworkMetricsValues>): NetworkMetricsValues => ({
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
  ...over,
});

describe('downsampleNetworkMetrics', () => {
  it('averages gauges, sums counters and recomputes the error rate from the sums', () => {
    const summary = downsampleNetworkMetrics([
      {
        samples: 1,
        metrics: sample({
          nodesOnline: 2,
          tokensPerSecond: 100,
          requests: 10,
          completed: 9,
          failed: 1,
          errorRate: 0.1,
        }),
      },
      {
        samples: 1,
        metrics: sample({ nodesOnline: 4, tokensPerSecond: 300, requests: 90, completed: 90, failed: 0 }),
      },
    ]);
    expect(summary.samples).toBe(2);
    expect(summary.metrics.nodesOnline).toBe(3);
    expect(summary.metrics.tokensPerSecond).toBe(200);
    expect(summary.metrics.requests).toBe(100);
    expect(summary.metrics.errorRate).toBeCloseTo(1 / 100);
  });

  it('weights summaries by the samples they stand for, so hours roll into a day like their minutes would', () => {
    const minutes = Array.from({ length: 120 }, (_, i) => ({
      samples: 1,
      metrics: sample({
        nodesOnline: i < 60 ? 1 : 3,
        requests: 1,
        nodesByModel: { 'far-demo': i < 60 ? 1 : 3 },
      }),
    }));
    const hours = [
      downsampleNetworkMetrics(minutes.slice(0, 60)),
      downsampleNetworkMetrics(minutes.slice(60)),
    ];
    // A partial hour (30 samples) counts half as much as a full one.
    const partial = downsampleNetworkMetrics(minutes.slice(0, 30));
    expect(downsampleNetworkMetrics(hours)).toEqual(downsampleNetworkMetrics(minutes));
    expect(downsampleNetworkMetrics([...hours, partial]).metrics.nodesOnline).toBeCloseTo(
      (60 + 180 + 30) / 150,
    );
    expect(downsampleNetworkMetrics(hours).metrics.nodesByModel).toEqual({ 'far-demo': 2 });
  });

  it('counts a model missing from some samples as 0 there', () => {
    const summary = downsampleNetworkMetrics([
      { samples: 1, metrics: sample({ nodesByModel: { a: 2 } }) },
      { samples: 1, metrics: sample({ nodesByModel: {} }) },
    ]);
    expect(summary.metrics.nodesByModel).toEqual({ a: 1 });
  });
});
