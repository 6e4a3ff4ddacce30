'use client';

import { useState } from 'react';
import { formatEther } from 'viem';
import { useAdminQuery } from '@/hooks/useAdminData';
import { useConsoleChainAction } from '@/hooks/useConsoleChainAction';
import { apiClient } from '@/lib/api/apiClient';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { fieldClass } from '../ui/fieldClass';
import { ReasonField } from './ReasonField';

const FILTERS = ['contested', 'pending', 'executed', 'dismissed', 'failed'] as const;
type Filter = (typeof FILTERS)[number];

const far = (wei: string) => `${formatEther(BigInt(wei))} FAR`;
const short = (hex: string) => `${hex.slice(0, 10)}…${hex.slice(-6)}`;

/**
 * Slashes: the coordinator's proposals from failed audits with NodeBond's state (node, owner,
 * amount, evidence, refunds, appeal deadline); a contested one is upheld (executed now) or rejected
 * (the bond released) by a transaction from the operator's wallet, with a reason.
 */
export function SlashesSection() {
  const [filter, setFilter] = useState<Filter | ''>('contested');
  const [reason, setReason] = useState('');
  const slashes = useAdminQuery(
    ['slashes', filter],
    (headers) =>
      apiClient.GET('/api/admin/slashes', { headers, params: { query: filter ? { status: filter } : {} } }),
    15_000,
  );
  const { run, busy, outcome } = useConsoleChainAction();
  const decide = (evidenceHash: string, upheld: boolean) =>
    void run({
      action: 'nodeBond.decideAppeal',
      params: { evidenceHash, upheld: String(upheld) },
      reason,
    }).then(() => slashes.refetch());
  const canDecide = !busy && reason.trim().length >= 3;
  return (
    <Card id="slashes" aria-labelledby="slashes-title">
      <h2 id="slashes-title" className="mb-4 text-xl font-semibold">
        Slashes
      </h2>
      <div className="mb-4 grid gap-3 md:grid-cols-2">
        <label className="flex flex-col gap-1 text-sm text-soft">
          Show
          <select
            className={fieldClass}
            value={filter}
            onChange={(event) => setFilter(event.target.value as Filter | '')}
          >
            <option value="">all</option>
            {FILTERS.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <ReasonField
          id="slash-reason"
          label="Reason for appeal decisions"
          value={reason}
          onChange={setReason}
        />
      </div>
      {outcome ? (
        <p
          role={outcome.ok ? 'status' : 'alert'}
          className={`mb-2 text-sm ${outcome.ok ? 'text-emerald-300' : 'text-red-300'}`}
        >
          {outcome.message}
        </p>
      ) : null}
      <DataState
        query={slashes}
        isEmpty={(d) => d.slashes.length === 0}
        empty={filter ? `No ${filter} slashes.` : 'No slashes proposed.'}
      >
        {({ slashes: list }) => (
          <ul className="flex flex-col divide-y divide-line" data-testid="admin-slash-list">
            {list.map((slash) => (
              <li
                key={slash.evidenceHash}
                data-evidence-hash={slash.evidenceHash}
                className="flex flex-col gap-2 py-3 md:flex-row md:items-center md:justify-between"
              >
                <div>
                  <p className="text-sm">
                    <span className="font-mono">{slash.nodeId}</span> · {far(slash.amountWei)} ·{' '}
                    <span data-testid="slash-state">{slash.state}</span>
                  </p>
                  <p className="text-xs text-muted">
                    owner {slash.ownerAddress} · evidence{' '}
                    <span className="font-mono" title={slash.evidenceHash}>
                      {short(slash.evidenceHash)}
                    </span>{' '}
                    · refunds{' '}
                    {slash.refunds.length === 0
                      ? 'none'
                      : `${slash.refunds.length} user(s), ${far(
                          slash.refunds.reduce((sum, r) => sum + BigInt(r.amountWei), 0n).toString(),
                        )}`}
                    {slash.appealEndsAt
                      ? ` · appeal window ends ${new Date(slash.appealEndsAt).toLocaleString()}`
                      : ''}
                    {slash.error ? ` · ${slash.error}` : ''}
                  </p>
                </div>
                {slash.state === 'contested' ? (
                  <div className="flex gap-2">
                    <Button
                      variant="danger"
                      disabled={!canDecide}
                      onClick={() => decide(slash.evidenceHash, true)}
                      aria-label={`Uphold slash ${slash.evidenceHash}`}
                    >
                      Uphold
                    </Button>
                    <Button
                      variant="secondary"
                      disabled={!canDecide}
                      onClick={() => decide(slash.evidenceHash, false)}
                      aria-label={`Reject slash ${slash.evidenceHash}`}
                    >
                      Reject
                    </Button>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </DataState>
    </Card>
  );
}
