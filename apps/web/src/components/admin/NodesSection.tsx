'use client';

import { useState } from 'react';
import { useAdminAction, useAdminQuery } from '@/hooks/useAdminData';
import { apiClient } from '@/lib/api/apiClient';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { fieldClass } from '../ui/fieldClass';
import { ActionResult } from './ActionResult';
import { ReasonField } from './ReasonField';

/** Nodes: search by id or owner, strikes, and suspend / resume with a reason. */
export function NodesSection() {
  const [query, setQuery] = useState('');
  const [reason, setReason] = useState('');
  const nodes = useAdminQuery(
    ['nodes', query],
    (headers) => apiClient.GET('/api/admin/nodes', { headers, params: { query: query ? { q: query } : {} } }),
    5_000,
  );
  const action = useAdminAction();
  const act = (nodeId: string, verb: 'suspend' | 'resume') =>
    action.mutate((headers) =>
      verb === 'suspend'
        ? apiClient.POST('/api/admin/nodes/{nodeId}/suspend', {
            headers,
            params: { path: { nodeId } },
            body: { reason },
          })
        : apiClient.POST('/api/admin/nodes/{nodeId}/resume', {
            headers,
            params: { path: { nodeId } },
            body: { reason },
          }),
    );
  return (
    <Card id="nodes" aria-labelledby="nodes-title">
      <h2 id="nodes-title" className="mb-4 text-xl font-semibold">
        Nodes
      </h2>
      <div className="mb-4 grid gap-3 md:grid-cols-2">
        <label className="flex flex-col gap-1 text-sm text-soft">
          Search nodes
          <input
            className={fieldClass}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
            placeholder="node id or owner wallet"
          />
        </label>
        <ReasonField id="node-reason" label="Reason for node actions" value={reason} onChange={setReason} />
      </div>
      <ActionResult error={action.error} done={action.isSuccess} />
      <DataState query={nodes} isEmpty={(d) => d.data.length === 0} empty="No nodes match.">
        {({ data }) => (
          <ul className="flex flex-col divide-y divide-line" data-testid="admin-node-list">
            {data.map((node) => (
              <li
                key={node.nodeId}
                data-node-id={node.nodeId}
                className="flex flex-col gap-2 py-3 md:flex-row md:items-center md:justify-between"
              >
                <div>
                  <p className="font-mono text-sm">{node.nodeId}</p>
                  <p className="text-xs text-muted">
                    owner {node.owner} · <span data-testid="node-status">{node.status}</span>
                    {node.live ? ` (live: ${node.live})` : ''} · {node.strikes} strikes · score{' '}
                    {node.reliabilityScore} · {node.models.join(', ')}
                  </p>
                </div>
                {node.status === 'suspended' ? (
                  <Button
                    variant="secondary"
                    disabled={action.isPending}
                    onClick={() => act(node.nodeId, 'resume')}
                    aria-label={`Resume ${node.nodeId}`}
                  >
                    Resume
                  </Button>
                ) : (
                  <Button
                    variant="danger"
                    disabled={action.isPending}
                    onClick={() => act(node.nodeId, 'suspend')}
                    aria-label={`Suspend ${node.nodeId}`}
                  >
                    Suspend
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </DataState>
    </Card>
  );
}
