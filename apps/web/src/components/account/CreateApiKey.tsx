'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { type CreatedApiKey, createApiKey } from '@/lib/api/endpoints';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';
import { NewApiKeySecret } from './NewApiKeySecret';

/** Names and creates an API key, then shows its secret once. */
export function CreateApiKey({ accessToken, onCreated }: { accessToken: string; onCreated: () => void }) {
  const nameId = useId();
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const create = useMutation({
    mutationFn: (keyName: string) => createApiKey(accessToken, keyName),
    onSuccess: (key) => {
      setCreated(key);
      setName('');
      onCreated();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim()) create.mutate(name.trim());
  };

  return (
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
            className={fieldClass}
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
        // Keyed by the secret so a second key starts with Copy, not Copied.
        <NewApiKeySecret key={created.key} created={created} onDone={() => setCreated(null)} />
      ) : null}
    </Card>
  );
}
