'use client';

import { useState } from 'react';
import { useAdminQuery } from '@/hooks/useAdminData';
import { apiClient, bearer } from '@/lib/api/apiClient';
import { readApiData } from '@/lib/api/readApiData';
import { useSession } from '@/lib/auth/SessionProvider';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { fieldClass } from '../ui/fieldClass';

/** The audit log: every console action, newest first, filtered; exported as CSV or JSONL. */
export function AuditLogSection() {
  const { accessToken } = useSession();
  const [action, setAction] = useState('');
  const [actor, setActor] = useState('');
  const [target, setTarget] = useState('');
  const [exportError, setExportError] = useState<string | null>(null);
  const filters = Object.fromEntries(
    Object.entries({ action, actor, target }).filter(([, value]) => value.trim() !== ''),
  );
  const log = useAdminQuery(
    ['audit', filters],
    (headers) => apiClient.GET('/api/admin/audit', { headers, params: { query: filters } }),
    5_000,
  );
  const download = async (format: 'csv' | 'jsonl') => {
    try {
      // A plain link cannot carry the bearer token: fetched as text, then saved from a blob.
      const text = await readApiData(
        apiClient.GET('/api/admin/audit/export', {
          headers: bearer(accessToken),
          params: { query: { ...filters, format } },
          parseAs: 'text',
        }),
        (body) => body,
      );
      const url = URL.createObjectURL(
        new Blob([text], { type: format === 'csv' ? 'text/csv' : 'application/x-ndjson' }),
      );
      const link = document.createElement('a');
      link.href = url;
      link.download = `far-admin-audit.${format}`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      setExportError(describeError(error));
    }
  };
  return (
    <Card id="audit" aria-labelledby="audit-title">
      <h2 id="audit-title" className="mb-4 text-xl font-semibold">
        Audit log
      </h2>
      <div className="mb-3 grid gap-3 md:grid-cols-5">
        <input
          className={fieldClass}
          aria-label="Filter by action"
          placeholder="action (node. for all node actions)"
          value={action}
          onChange={(e) => setAction(e.target.value)}
        />
        <input
          className={fieldClass}
          aria-label="Filter by actor"
          placeholder="actor wallet"
          value={actor}
          onChange={(e) => setActor(e.target.value)}
        />
        <input
          className={fieldClass}
          aria-label="Filter by target"
          placeholder="target"
          value={target}
          onChange={(e) => setTarget(e.target.value)}
        />
        <Button variant="secondary" onClick={() => void download('csv')}>
          Export CSV
        </Button>
        <Button variant="secondary" onClick={() => void download('jsonl')}>
          Export JSONL
        </Button>
      </div>
      {exportError ? (
        <p role="alert" className="text-sm text-red-300">
          {exportError}
        </p>
      ) : null}
      <DataState query={log} isEmpty={(d) => d.data.length === 0} empty="No console actions yet.">
        {({ data }) => (
          <ol className="flex flex-col divide-y divide-line text-sm" data-testid="audit-log">
            {data.map((row) => (
              <li key={row.id} className="py-2" data-audit-action={row.action} data-audit-target={row.target}>
                <p>
                  <span className="font-semibold">{row.action}</span> on{' '}
                  <span className="font-mono">{row.target}</span> · {row.status} ·{' '}
                  {new Date(row.createdAt).toLocaleString()}
                </p>
                <p className="text-xs text-muted">
                  {row.actorWallet} as {row.role}: “{row.reason}”{row.txHash ? ` · tx ${row.txHash}` : ''}
                </p>
                <p className="font-mono text-xs break-all text-muted">
                  before {JSON.stringify(row.before)} → after {JSON.stringify(row.after)}
                </p>
              </li>
            ))}
          </ol>
        )}
      </DataState>
    </Card>
  );
}
