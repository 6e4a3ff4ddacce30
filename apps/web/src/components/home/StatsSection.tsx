'use client';

import { usePolledResource } from '@/hooks/usePolledResource';
import { fetchNetworkStatus } from '@/lib/api/endpoints';
import { DataState } from '../ui/DataState';
import { Stat } from '../ui/Stat';

/** Live network stats from `/api/network/status`, refreshed every 15 s. */
export function StatsSection() {
  const query = usePolledResource(fetchNetworkStatus, 15_000);
  return (
    <section aria-labelledby="network-stats" className="mb-12">
      <h2 id="network-stats" className="mb-4 text-xl font-semibold">
        Network right now
      </h2>
      <DataState
        query={query}
        loadingLabel="Loading network stats…"
        isEmpty={(status) => status.total_nodes === 0}
        empty="No GPU nodes are online yet — be the first to run far-node."
      >
        {(status) => (
          <div className="grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-6" data-testid="network-stats">
            <Stat label="Nodes online" value={`${status.available_nodes} / ${status.total_nodes}`} />
            <Stat label="GPU memory" value={`${status.total_vram_gb.toLocaleString('en-US')} GB`} />
            <Stat label="Models" value={String(status.models_available)} />
            <Stat label="Avg node score" value={status.average_node_score.toFixed(2)} />
            <Stat label="Tasks (24 h)" value={status.tasks_completed_24h.toLocaleString('en-US')} />
          </div>
        )}
      </DataState>
    </section>
  );
}
