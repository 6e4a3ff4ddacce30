'use client';

import dynamic from 'next/dynamic';
import { useState } from 'react';
import { useNetworkMetrics } from '@/hooks/useNetworkMetrics';
import type { NetworkMetricsPoint } from '@/lib/network/fetchNetworkMetrics';
import type { NetworkMetricsLine } from '../charts/NetworkMetricsChart';
import { DataState } from '../ui/DataState';

// recharts is the heaviest dependency; it loads only here, after the page is interactive.
const NetworkMetricsChart = dynamic(
  () => import('../charts/NetworkMetricsChart').then((mod) => mod.NetworkMetricsChart),
  { ssr: false, loading: () => <p className="text-sm text-muted">Loading chart…</p> },
);

const RANGES = [
  { hours: 24, label: '24 h' },
  { hours: 24 * 7, label: '7 days' },
  { hours: 24 * 30, label: '30 days' },
  { hours: 24 * 365, label: '1 year' },
] as const;

/** A chart of the series: which fields, as which lines. */
type ChartSpec = {
  id: string;
  title: string;
  lines: NetworkMetricsLine[];
  plot?: (p: NetworkMetricsPoint) => Record<string, number>;
};

const CHARTS: Record<'nodes' | 'throughput' | 'requests' | 'load', ChartSpec> = {
  nodes: {
    id: 'nodes',
    title: 'Nodes online',
    lines: [
      { key: 'nodes_online', name: 'Online', colour: 'var(--color-success)' },
      { key: 'nodes_total', name: 'Registered', colour: 'var(--color-muted)' },
    ],
  },
  throughput: {
    id: 'throughput',
    title: 'Tokens per second (reported by online nodes)',
    lines: [{ key: 'tokens_per_second', name: 'Tokens/s', colour: 'var(--color-brand-soft)' }],
  },
  requests: {
    id: 'requests',
    title: 'Requests and errors',
    lines: [
      { key: 'requests', name: 'Requests', colour: 'var(--color-brand-soft)' },
      { key: 'failed', name: 'Failed', colour: 'var(--color-game-rock)' },
      { key: 'error_rate_pct', name: 'Error rate %', colour: 'var(--color-brand-pink)' },
    ],
    plot: (p) => ({ error_rate_pct: p.error_rate * 100 }),
  },
  load: {
    id: 'load',
    title: 'Load: queue depth and slot utilization',
    lines: [
      { key: 'queue_depth', name: 'Queued requests', colour: 'var(--color-game-gem)' },
      { key: 'utilization_pct', name: 'Slots busy %', colour: 'var(--color-success)' },
      { key: 'average_score', name: 'Average score', colour: 'var(--color-brand-pale)' },
    ],
    plot: (p) => ({ utilization_pct: p.utilization * 100 }),
  },
};

const rowsOf = (points: readonly NetworkMetricsPoint[], spec: ChartSpec) =>
  points.map((point) => {
    const row: Record<string, number> = { at: point.at };
    const extra = spec.plot?.(point) ?? {};
    for (const line of spec.lines) {
      const value = extra[line.key] ?? (point as unknown as Record<string, unknown>)[line.key];
      if (typeof value === 'number') row[line.key] = value;
    }
    return row;
  });

/**
 * The network metrics series as charts, with a range picker: nodes online, tokens/s, requests and
 * errors, queue and utilization (`which` picks a subset, e.g. on the GPU page).
 */
export function NetworkCharts({
  which = ['nodes', 'throughput', 'requests', 'load'],
}: {
  which?: ReadonlyArray<keyof typeof CHARTS>;
}) {
  const [hours, setHours] = useState<number>(24);
  const query = useNetworkMetrics(hours);
  return (
    <section aria-labelledby="network-charts" className="flex flex-col gap-4" data-testid="network-charts">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="network-charts" className="text-xl font-semibold">
          Network over time
        </h2>
        <fieldset className="flex gap-1">
          <legend className="sr-only">Range</legend>
          {RANGES.map((range) => (
            <button
              key={range.hours}
              type="button"
              aria-pressed={hours === range.hours}
              onClick={() => setHours(range.hours)}
              className={`rounded-lg px-3 py-1 text-sm ${hours === range.hours ? 'bg-brand text-white' : 'bg-surface-raised text-soft'}`}
            >
              {range.label}
            </button>
          ))}
        </fieldset>
      </div>
      <DataState
        query={query}
        isEmpty={(series) => series.points.length === 0}
        empty="No samples yet: the coordinator writes one every minute."
        loadingLabel="Loading the network's history…"
      >
        {(series) => (
          <div className="grid gap-4 lg:grid-cols-2">
            {which.map((key) => {
              const spec = CHARTS[key];
              return (
                <div key={spec.id} className="rounded-xl border border-line bg-surface p-4">
                  <h3 className="mb-1 text-base">{spec.title}</h3>
                  <p className="mb-2 text-xs text-muted">
                    {series.points.length} points, one per {series.resolution}
                  </p>
                  <div className="h-56" data-testid={`network-chart-${spec.id}`}>
                    <NetworkMetricsChart
                      data={rowsOf(series.points, spec)}
                      lines={spec.lines}
                      spanMs={hours * 3_600_000}
                    />
                  </div>
                </div>
              );
            })}
          </div>
        )}
      </DataState>
    </section>
  );
}
