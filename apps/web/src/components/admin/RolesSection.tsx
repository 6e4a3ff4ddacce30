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

const ROLES = ['admin', 'operator', 'treasurer', 'priceKeeper', 'oracle'] as const;

/** The admin's roles: who holds which database role, grant and revoke with a reason. */
export function RolesSection() {
  const grants = useAdminQuery(['roles'], (headers) => apiClient.GET('/api/admin/roles', { headers }));
  const action = useAdminAction();
  const [wallet, setWallet] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('operator');
  const [reason, setReason] = useState('');
  const change = (verb: 'grant' | 'revoke') =>
    action.mutate((headers) =>
      apiClient.POST(verb === 'grant' ? '/api/admin/roles' : '/api/admin/roles/revoke', {
        headers,
        body: { wallet, role, reason },
      }),
    );
  return (
    <Card id="roles" aria-labelledby="roles-title">
      <h2 id="roles-title" className="mb-4 text-xl font-semibold">
        Roles
      </h2>
      <div className="grid gap-3 md:grid-cols-3">
        <input
          className={fieldClass}
          aria-label="Wallet"
          placeholder="0x…"
          value={wallet}
          onChange={(e) => setWallet(e.target.value)}
        />
        <select
          className={fieldClass}
          aria-label="Role"
          value={role}
          onChange={(e) => setRole(e.target.value as (typeof ROLES)[number])}
        >
          {ROLES.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        <ReasonField id="role-reason" label="Reason" value={reason} onChange={setReason} />
      </div>
      <div className="my-3 flex gap-2">
        <Button disabled={action.isPending} onClick={() => change('grant')}>
          Grant
        </Button>
        <Button variant="danger" disabled={action.isPending} onClick={() => change('revoke')}>
          Revoke
        </Button>
      </div>
      <ActionResult error={action.error} done={action.isSuccess} />
      <DataState query={grants} isEmpty={(d) => d.data.length === 0} empty="No grants.">
        {({ data }) => (
          <ul className="mt-3 flex flex-col divide-y divide-line text-sm">
            {data.map((grant) => (
              <li key={`${grant.wallet}-${grant.role}-${grant.grantedAt}`} className="py-2">
                <span className="font-mono">{grant.wallet}</span> · {grant.role} · by {grant.grantedBy}
                {grant.revokedAt ? ` · revoked ${new Date(grant.revokedAt).toLocaleString()}` : ''}
              </li>
            ))}
          </ul>
        )}
      </DataState>
    </Card>
  );
}
