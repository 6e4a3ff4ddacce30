import { Suspense } from 'react';
import { fetchNetworkStatus } from '@/lib/api/endpoints';
import { describeError } from '@/lib/web3/describeError';
import { Stat } from '../ui/Stat';
import { LiveRefresh } from './LiveRefresh';

// A slow API must not hold the page: the section streams in, or says it could not.
const STATS_TIMEOUT_MS = 3_000;

async function NetworkStats() {
  let status: Awaited<ReturnType<typeof loadStatus>>;
  try {
    status = await loadStatus();
  } catch (error) {
    return (
      <p
        role="alert"
        className="rounded-xl border border-red-900/60 bg-danger-surface p-4 text-sm text-red-200"
      >
        Network stats are unavailable right now: {describeError(error)}
      </p>
    );
  }
  if (status.total_nodes === 0) {
    return (
      <p className="py-4 text-sm text-muted">No GPU nodes are online yet — be the first to run far-node.</p>
    );
  }
  return (
    <div className="grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-5" data-testid="network-stats">
      <Stat label="Nodes online" value={`${status.available_nodes} / ${status.total_nodes}`} />
      <Stat label="GPU memory" value={`${status.total_vram_gb.toLocaleString('en-US')} GB`} />
      <Stat
        label="Models"
        value={String(status.models_available.count)}
        hint={status.models_available.ids.join(', ') || undefined}
      />
      <Stat label="Avg node score" value={status.average_node_score.toFixed(2)} />
      <Stat label="Tasks (24 h)" value={status.tasks_completed_24h.toLocaleString('en-US')} />
    </div>
  );
}

function loadStatus() {
  return fetchNetworkStatus({ signal: AbortSignal.timeout(STATS_TIMEOUT_MS) });
}

/**
 * Live network stats from `/api/network/status`, fetched on the server (so the numbers are in the
 * first HTML and no validator ships to the browser) and refreshed every 15 s.
 */
export function StatsSection() {
  return (
    <section aria-labelledby="network-stats" className="mb-12">
      <h2 id="network-stats" className="mb-4 text-xl font-semibold">
        Network right now
      </h2>
      <Suspense
        fallback={
          <div aria-busy="true" className="animate-pulse py-4 text-sm text-muted">
            Loading network stats…
          </div>
        }
      >
        <NetworkStats />
      </Suspense>
      <LiveRefresh intervalMs={15_000} />
    </section>
  );
}
