'use client';

import { useState } from 'react';
import { useWebSocket } from '@/hooks/useWebSocket';
import type { GpuNode } from '@/lib/api/endpoints';
import { formatFar } from '@/lib/format/formatFar';
import { Card } from '../ui/Card';
import { NodeAuditRecord } from './NodeAuditRecord';
import { type NodeMetrics, nodeMetricsSchema } from './nodeMetricsSchema';

const statusColour: Record<string, string> = {
  online: 'bg-emerald-400',
  available: 'bg-emerald-400',
  busy: 'bg-amber-400',
  offline: 'bg-neutral-500',
  suspended: 'bg-red-500',
};

/** One of the user's nodes: REST snapshot overlaid with live `node:metrics` from the socket. */
export function NodeCard({ node }: { node: GpuNode }) {
  const [live, setLive] = useState<NodeMetrics | null>(null);
  const socket = useWebSocket({ event: 'subscribe:node', arg: node.nodeId }, 'node:metrics', (payload) => {
    const parsed = nodeMetricsSchema.safeParse(payload);
    if (parsed.success && parsed.data.nodeId === node.nodeId) setLive(parsed.data);
  });
  const status = live?.status ?? node.status;
  const load = live?.load ?? node.load;
  const speed = live?.tokensPerSecond ?? node.tokensPerSecond;
  const tasks = live?.tasksCompleted ?? node.tasksCompleted;
  const earnings = live?.earningsWei ?? node.earningsWei;
  return (
    <Card className="flex flex-col gap-3" data-testid="gpu-node" data-node-id={node.nodeId}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="truncate font-mono text-sm">{node.nodeId}</h3>
          <p className="text-sm text-muted">
            {node.gpuModel ?? 'Unknown GPU'}
            {node.vramGb != null ? ` · ${node.vramGb} GB` : ''}
          </p>
        </div>
        <span className="flex items-center gap-2 text-sm capitalize" data-testid="node-status">
          <span
            aria-hidden="true"
            className={`h-2.5 w-2.5 rounded-full ${statusColour[status] ?? 'bg-neutral-500'}`}
          />
          {status}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-2 text-sm">
        <dt className="text-muted">Load</dt>
        <dd>
          {load == null
            ? '—'
            : node.maxConcurrency
              ? `${load} / ${node.maxConcurrency} slots`
              : `${load} running`}
        </dd>
        <dt className="text-muted">Speed</dt>
        <dd>{speed == null ? '—' : `${speed.toFixed(1)} tok/s`}</dd>
        <dt className="text-muted">Tasks</dt>
        <dd>{tasks}</dd>
        <dt className="text-muted">Earnings</dt>
        <dd>{formatFar(earnings)} FAR</dd>
        <dt className="text-muted">Models</dt>
        <dd className="truncate">{node.models.join(', ') || '—'}</dd>
        <dt className="text-muted">Live metrics</dt>
        <dd>{socket === 'connected' ? (live ? 'streaming' : 'connected') : socket}</dd>
      </dl>
      <NodeAuditRecord nodeId={node.nodeId} />
    </Card>
  );
}
