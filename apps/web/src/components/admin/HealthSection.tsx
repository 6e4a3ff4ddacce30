'use client';

import { useAdminQuery } from '@/hooks/useAdminData';
import { apiClient } from '@/lib/api/apiClient';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { Stat } from '../ui/Stat';

/** Network health: nodes online by model, queue depth, error rate, settlement and indexer lag, ledger audit. */
export function HealthSection() {
  const health = useAdminQuery(
    ['health'],
    (headers) => apiClient.GET('/api/admin/health', { headers }),
    10_000,
  );
  return (
    <Card id="health" aria-labelledby="health-title">
      <h2 id="health-title" className="mb-4 text-xl font-semibold">
        Network health
      </h2>
      <DataState query={health} empty="No data.">
        {(data) => (
          <div className="flex flex-col gap-4">
            <div className="grid grid-cols-2 gap-4 md:grid-cols-3">
              <Stat label="Nodes online" value={String(data.nodesOnline)} />
              <Stat
                label="Queued tasks"
                value={String(Object.values(data.queueDepth).reduce((a, b) => a + b, 0))}
              />
              <Stat
                label="Error rate (1 h)"
                value={`${(data.errorRate.rate * 100).toFixed(1)}% of ${data.errorRate.finished}`}
              />
              <Stat label="Settlement lag" value={`${Math.round(data.settlementLagSeconds)} s`} />
              <Stat
                label="Indexer lag"
                value={data.indexerLagBlocks === null ? '—' : `${data.indexerLagBlocks} blocks`}
              />
              <Stat label="Ledger audit" value={data.ledgerAudit.ok ? 'balanced' : 'INCONSISTENT'} />
            </div>
            <p className="text-sm text-muted" data-testid="nodes-by-model">
              By model:{' '}
              {Object.entries(data.nodesOnlineByModel)
                .map(([model, n]) => `${model} ${n}`)
                .join(', ') || 'none online'}
            </p>
          </div>
        )}
      </DataState>
    </Card>
  );
}
