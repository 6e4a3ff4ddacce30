'use client';

import { useState } from 'react';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';

/** The copy-paste command that starts far-node against this coordinator. */
export function RunNodeCommand({ coordinatorUrl }: { coordinatorUrl: string }) {
  const [copied, setCopied] = useState(false);
  const command = `npx far-node --coordinator ${coordinatorUrl} --wallet-key $FAR_NODE_KEY --engine llama --model ./model.gguf --model-id my-model`;
  return (
    <Card aria-labelledby="run-node">
      <h2 id="run-node" className="mb-2 text-xl font-semibold">
        Run a node
      </h2>
      <p className="mb-3 text-sm text-muted">
        far-node serves models with llama.cpp (or forwards to vLLM / Ollama / any OpenAI-compatible server),
        proves your wallet with a signature and earns 60% of every task it serves.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <pre className="flex-1 overflow-x-auto rounded-lg bg-canvas p-4 text-sm">
          <code data-testid="run-node-command">{command}</code>
        </pre>
        <Button
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(command).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
    </Card>
  );
}
