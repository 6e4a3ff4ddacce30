'use client';

import { useMyNodes } from '@/hooks/useAccountData';
import { formatFar } from '@/lib/format/formatFar';
import { DataState } from '../ui/DataState';
import { Stat } from '../ui/Stat';
import { NodeCard } from './NodeCard';

/** The signed-in wallet's nodes with live status and their total earnings. */
export function MyNodes() {
  const query = useMyNodes();
  return (
    <section aria-labelledby="my-nodes">
      <h2 id="my-nodes" className="mb-4 text-xl font-semibold">
        Your nodes
      </h2>
      <DataState
        query={query}
        isEmpty={(nodes) => nodes.length === 0}
        empty="No nodes registered to this wallet yet. Run the command above with your wallet's key."
      >
        {(nodes) => (
          <div className="flex flex-col gap-4">
            <div className="grid grid-cols-2 gap-4 md:grid-cols-3">
              <Stat label="Nodes" value={String(nodes.length)} />
              <Stat
                label="Online"
                value={String(
                  nodes.filter((node) => node.status !== 'offline' && node.status !== 'suspended').length,
                )}
              />
              <Stat
                label="Total earnings"
                value={`${formatFar(nodes.reduce((sum, node) => sum + node.earningsWei, 0n))} FAR`}
              />
            </div>
            <div className="grid gap-4 md:grid-cols-2" data-testid="gpu-node-list">
              {nodes.map((node) => (
                <NodeCard key={node.nodeId} node={node} />
              ))}
            </div>
          </div>
        )}
      </DataState>
    </section>
  );
}
