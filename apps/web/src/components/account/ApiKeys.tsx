'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useApiKeys } from '@/hooks/useAccountData';
import { type CreatedApiKey, createApiKey, revokeApiKey } from '@/lib/api/endpoints';
import { queryKeys } from '@/lib/api/queryKeys';
import { useSession } from '@/lib/auth/SessionProvider';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';

/** Create (secret shown once), list and revoke API keys. */
export function ApiKeys() {
  const nameId = useId();
  const { accessToken, user } = useSession();
  const queryClient = useQueryClient();
  const keys = useApiKeys();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [copied, setCopied] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys(user?.id) });
  const create = useMutation({
    mutationFn: (keyName: string) => createApiKey(accessToken ?? '', keyName),
    onSuccess: (key) => {
      setCreated(key);
      setCopied(false);
      setName('');
      void refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeApiKey(accessToken ?? '', id),
    onSuccess: () => void refresh(),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate(name.trim());
  };

  return (
    <div className="flex flex-col gap-6">
      <Card aria-labelledby="create-key">
        <h2 id="create-key" className="mb-4 text-xl font-semibold">
          Create an API key
        </h2>
        <form
          onSubmit={submit}
          className="flex flex-col gap-2 sm:flex-row sm:items-end"
          data-testid="create-key-form"
        >
          <div className="flex-1">
            <label htmlFor={nameId} className="mb-1 block text-sm text-muted">
              Name
            </label>
            <input
              id={nameId}
              value={name}
              maxLength={64}
              onChange={(event) => setName(event.target.value)}
              placeholder="e.g. my-laptop"
              className="w-full rounded-lg border border-line bg-surface-raised px-3 py-2 text-white focus:border-brand focus:outline-none"
            />
          </div>
          <Button type="submit" disabled={!name.trim() || create.isPending}>
            {create.isPending ? 'Creating…' : 'Create key'}
          </Button>
        </form>
        {create.isError ? (
          <p role="alert" className="mt-2 text-sm text-red-300">
            {describeError(create.error)}
          </p>
        ) : null}
        {created ? (
          <div
            role="status"
            className="mt-4 rounded-xl border border-emerald-800 bg-success-surface p-4"
            data-testid="new-key"
          >
            <p className="mb-2 text-sm text-emerald-200">
              Copy <strong>{created.name}</strong> now — it will not be shown again.
            </p>
            <div className="flex flex-col gap-2 sm:flex-row">
              <code
                className="flex-1 overflow-x-auto rounded bg-canvas p-2 font-mono text-sm break-all"
                data-testid="new-key-secret"
              >
                {created.key}
              </code>
              <Button
                variant="secondary"
                onClick={() => void navigator.clipboard?.writeText(created.key).then(() => setCopied(true))}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
              <Button variant="secondary" onClick={() => setCreated(null)}>
                Done
              </Button>
            </div>
          </div>
        ) : null}
      </Card>
      <Card aria-labelledby="key-list">
        <h2 id="key-list" className="mb-4 text-xl font-semibold">
          Your keys
        </h2>
        {revoke.isError ? (
          <p role="alert" className="mb-2 text-sm text-red-300">
            {describeError(revoke.error)}
          </p>
        ) : null}
        <DataState query={keys} isEmpty={(rows) => rows.length === 0} empty="No API keys yet.">
          {(rows) => (
            <ul className="flex flex-col divide-y divide-line" data-testid="api-key-list">
              {rows.map((key) => (
                <li
                  key={key.id}
                  className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between"
                  data-key-id={key.id}
                >
                  <div>
                    <p className="font-semibold">{key.name}</p>
                    <p className="font-mono text-xs text-muted">
                      {key.prefix}… · created {key.createdAt.toLocaleDateString()}
                      {key.lastUsedAt ? ` · last used ${key.lastUsedAt.toLocaleString()}` : ' · never used'}
                    </p>
                  </div>
                  {key.revokedAt ? (
                    <span className="text-sm text-muted" data-testid="key-revoked">
                      Revoked {key.revokedAt.toLocaleDateString()}
                    </span>
                  ) : (
                    <Button
                      variant="danger"
                      disabled={revoke.isPending}
                      onClick={() => revoke.mutate(key.id)}
                      aria-label={`Revoke ${key.name}`}
                    >
                      Revoke
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </DataState>
      </Card>
    </div>
  );
}
