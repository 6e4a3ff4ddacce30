'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** One line of the chart: which field of the points it plots, its legend name and its colour. */
export type NetworkMetricsLine = { key: string; name: string; colour: string };

const timeFormatter = (spanMs: number) => (at: number) =>
  new Date(at).toLocaleString(
    'en-GB',
    spanMs <= 48 * 3_600_000 ? { hour: '2-digit', minute: '2-digit' } : { day: 'numeric', month: 'short' },
  );

const compact = (value: number) =>
  Math.abs(value) >= 1_000
    ? `${(value / 1_000).toFixed(1)}k`
    : Number.isInteger(value)
      ? String(value)
      : value.toFixed(2);

/**
 * Lines of the network metrics series over time (recharts, client-only): `data` rows carry `at`
 * (epoch ms) and one number per line's key.
 */
export function NetworkMetricsChart({
  data,
  lines,
  spanMs,
}: {
  data: ReadonlyArray<Record<string, number>>;
  lines: readonly NetworkMetricsLine[];
  spanMs: number;
}) {
  const formatTime = timeFormatter(spanMs);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={[...data]} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid stroke="var(--color-line)" strokeDasharray="3 3" />
        <XAxis
          dataKey="at"
          type="number"
          scale="time"
          domain={['dataMin', 'dataMax']}
          stroke="var(--color-muted)"
          tickFormatter={formatTime}
          tickLine={false}
        />
        <YAxis stroke="var(--color-muted)" tickFormatter={compact} tickLine={false} width={48} />
        <Tooltip
          contentStyle={{
            background: 'var(--color-surface)',
            border: '1px solid var(--color-line)',
            borderRadius: 8,
          }}
          labelFormatter={(at) =>
            typeof at === 'number' ? new Date(at).toLocaleString('en-GB') : String(at)
          }
          formatter={(value) => (typeof value === 'number' ? compact(value) : String(value))}
        />
        <Legend />
        {lines.map((line) => (
          <Line
            key={line.key}
            type="monotone"
            dataKey={line.key}
            name={line.name}
            stroke={line.colour}
            // A line needs two samples: the first minutes after a start show as dots.
            dot={data.length < 3}
            strokeWidth={2}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
