'use client';

import { useState } from 'react';
import type { CreatedApiKey } from '@/lib/api/endpoints';
import { Button } from '../ui/Button';

/** A freshly created key's secret, shown once with Copy and Done. */
export function NewApiKeySecret({ created, onDone }: { created: CreatedApiKey; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
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
        <Button variant="secondary" onClick={onDone}>
          Done
        </Button>
      </div>
    </div>
  );
}
