'use client';

import { useState } from 'react';
import { formatEther } from 'viem';
import { useAdminAction, useAdminQuery } from '@/hooks/useAdminData';
import { apiClient } from '@/lib/api/apiClient';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { ActionResult } from './ActionResult';
import { ReasonField } from './ReasonField';

/** Settlement batches: status, totals, the full error, and a retry for one not confirmed. */
export function SettlementSection() {
  const batches = useAdminQuery(
    ['settlement'],
    (headers) => apiClient.GET('/api/admin/settlement/batches', { headers }),
    15_000,
  );
  const action = useAdminAction();
  const [reason, setReason] = useState('');
  return (
    <Card id="settlement" aria-labelledby="settlement-title">
      <h2 id="settlement-title" className="mb-4 text-xl font-semibold">
        Settlement batches
      </h2>
      <ReasonField id="settlement-reason" label="Reason for a retry" value={reason} onChange={setReason} />
      <ActionResult error={action.error} done={action.isSuccess} />
      <DataState query={batches} isEmpty={(d) => d.data.length === 0} empty="No batches yet.">
        {({ data }) => (
          <ul className="mt-4 flex flex-col divide-y divide-line text-sm">
            {data.map((batch) => (
              <li key={batch.batchNumber} className="flex items-center justify-between gap-3 py-2">
                <div>
                  <p>
                    #{batch.batchNumber} · {batch.status} · {formatEther(BigInt(batch.totalWei))} FAR ·{' '}
                    {batch.users} users, {batch.nodes} nodes
                    {BigInt(batch.auditPayWei) > 0n
                      ? ` · ${formatEther(BigInt(batch.auditPayWei))} FAR audit pay from the treasury share`
                      : null}
                  </p>
                  {batch.error ? <p className="text-xs text-red-300">{batch.error}</p> : null}
                </div>
                {batch.status === 'failed' || batch.status === 'pending' ? (
                  <Button
                    variant="secondary"
                    disabled={action.isPending}
                    onClick={() =>
                      action.mutate((headers) =>
                        apiClient.POST('/api/admin/settlement/batches/{batchNumber}/retry', {
                          headers,
                          params: { path: { batchNumber: batch.batchNumber } },
                          body: { reason },
                        }),
                      )
                    }
                  >
                    Retry
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </DataState>
    </Card>
  );
}
