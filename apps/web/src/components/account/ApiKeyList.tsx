'use client';

import { useMutation } from '@tanstack/react-query';
import type { useApiKeys } from '@/hooks/useAccountData';
import { revokeApiKey } from '@/lib/api/endpoints';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';

/** The account's API keys with their prefix, age and last use, each revocable until revoked. */
export function ApiKeyList({
  keys,
  accessToken,
  onRevoked,
}: {
  keys: ReturnType<typeof useApiKeys>;
  accessToken: string;
  onRevoked: () => void;
}) {
  const revoke = useMutation({
    mutationFn: (id: string) => revokeApiKey(accessToken, id),
    onSuccess: onRevoked,
  });
  return (
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
  );
}
