'use client';

import { useState } from 'react';
import { formatEther } from 'viem';
import { useAdminAction, useAdminQuery } from '@/hooks/useAdminData';
import { apiClient } from '@/lib/api/apiClient';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { fieldClass } from '../ui/fieldClass';
import { ActionResult } from './ActionResult';
import { ReasonField } from './ReasonField';

/** Users: find by wallet, balances, tasks, keys and activity; revoke every live key. */
export function UsersSection() {
  const [query, setQuery] = useState('');
  const [wallet, setWallet] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const found = useAdminQuery(query.length >= 4 ? ['users', query] : null, (headers) =>
    apiClient.GET('/api/admin/users', { headers, params: { query: { q: query } } }),
  );
  const detail = useAdminQuery(wallet ? ['user', wallet] : null, (headers) =>
    apiClient.GET('/api/admin/users/{wallet}', { headers, params: { path: { wallet: wallet ?? '' } } }),
  );
  const action = useAdminAction();
  return (
    <Card id="users" aria-labelledby="users-title">
      <h2 id="users-title" className="mb-4 text-xl font-semibold">
        Users
      </h2>
      <label className="flex flex-col gap-1 text-sm text-soft">
        Search by wallet
        <input
          className={fieldClass}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="0x…"
        />
      </label>
      <ul className="mt-2 flex flex-wrap gap-2">
        {(found.data?.data ?? []).map((user) => (
          <li key={user.wallet}>
            <Button variant="secondary" className="font-mono text-xs" onClick={() => setWallet(user.wallet)}>
              {user.wallet}
            </Button>
          </li>
        ))}
      </ul>
      {wallet ? (
        <DataState query={detail} empty="No such user.">
          {(user) => (
            <div className="mt-4 flex flex-col gap-3 text-sm">
              <p className="font-mono">{user.wallet}</p>
              <p>
                Available {formatEther(BigInt(user.balances.availableWei))} FAR · reserved{' '}
                {formatEther(BigInt(user.balances.reservedWei))} FAR
              </p>
              <p className="text-muted">
                Keys:{' '}
                {user.keys
                  .map((key) => `${key.name} (${key.prefix}…${key.revokedAt ? ', revoked' : ''})`)
                  .join(', ') || 'none'}
              </p>
              <p className="text-muted">
                Recent tasks:{' '}
                {user.tasks
                  .slice(0, 5)
                  .map((task) => `${task.model} ${task.status}`)
                  .join(', ') || 'none'}
              </p>
              <p className="text-muted">
                Activity:{' '}
                {user.activity
                  .slice(0, 5)
                  .map((row) => row.type)
                  .join(', ') || 'none'}
              </p>
              <ReasonField
                id="user-reason"
                label="Reason for revoking keys"
                value={reason}
                onChange={setReason}
              />
              <Button
                variant="danger"
                disabled={action.isPending}
                onClick={() =>
                  action.mutate((headers) =>
                    apiClient.POST('/api/admin/users/{wallet}/keys/revoke', {
                      headers,
                      params: { path: { wallet: user.wallet } },
                      body: { reason },
                    }),
                  )
                }
              >
                Revoke all keys
              </Button>
              <ActionResult error={action.error} done={action.isSuccess} />
            </div>
          )}
        </DataState>
      ) : null}
    </Card>
  );
}
