'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** One month of the forecast in FAR, as plain numbers for plotting only. */
export type RevenueChartPoint = { month: number; monthly: number; cumulative: number };

const money = (value: number) =>
  value >= 1_000_000
    ? `${(value / 1_000_000).toFixed(1)}M`
    : value >= 1_000
      ? `${(value / 1_000).toFixed(0)}k`
      : value.toFixed(0);

/** Monthly and cumulative projected rewards over time (recharts, client-only). */
export function RevenueChart({ data }: { data: RevenueChartPoint[] }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid stroke="var(--color-line)" strokeDasharray="3 3" />
        <XAxis dataKey="month" stroke="var(--color-muted)" tickLine={false} />
        <YAxis stroke="var(--color-muted)" tickFormatter={money} tickLine={false} width={56} />
        <Tooltip
          contentStyle={{
            background: 'var(--color-surface)',
            border: '1px solid var(--color-line)',
            borderRadius: 8,
          }}
          labelFormatter={(month) => `Month ${month}`}
          formatter={(value) =>
            typeof value === 'number'
              ? value.toLocaleString('en-US', { maximumFractionDigits: 0 })
              : String(value)
          }
        />
        <Legend />
        <Line
          type="monotone"
          dataKey="monthly"
          name="Monthly"
          stroke="var(--color-brand-soft)"
          dot={false}
          strokeWidth={2}
        />
        <Line
          type="monotone"
          dataKey="cumulative"
          name="Cumulative"
          stroke="var(--color-success)"
          dot={false}
          strokeWidth={2}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
