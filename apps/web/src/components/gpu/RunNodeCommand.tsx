'use client';

import { useState } from 'react';
import { useModelsForVram } from '@/hooks/useModelsForVram';
import type { CatalogueModel } from '@/lib/api/endpoints';
import { formatUsd } from '@/lib/format/formatUsd';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';

/** Common GPU memory sizes, GB: laptop and consumer cards up to the data-centre ones. */
const VRAM_CHOICES = [0, 8, 12, 16, 24, 48, 80] as const;

/** The GGUF file name a catalogue entry's source names (`repo: file.gguf`), for the command line. */
function ggufFileOf(model: CatalogueModel): string {
  const file = /([\w.-]+\.gguf)\b/i.exec(model.source)?.[1];
  return file ? `./${file}` : `./${model.id}.gguf`;
}

/**
 * The copy-paste command that starts far-node against this coordinator, for a model the catalogue
 * says a GPU of the chosen memory can earn with (GET /api/models?vram_gb=…, best earning first).
 */
export function RunNodeCommand({ coordinatorUrl }: { coordinatorUrl: string }) {
  const [copied, setCopied] = useState(false);
  const [vramGb, setVramGb] = useState<number>(24);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const suggestions = useModelsForVram(vramGb);
  const models = suggestions.data ?? [];
  const model = models.find((m) => m.id === chosen) ?? models[0];
  const command = model
    ? `npx far-node --coordinator ${coordinatorUrl} --wallet-key $FAR_NODE_KEY --engine llama --model ${ggufFileOf(model)} --model-id ${model.id}`
    : `npx far-node --coordinator ${coordinatorUrl} --wallet-key $FAR_NODE_KEY --engine llama --model ./model.gguf --model-id <catalogued id>`;
  return (
    <Card aria-labelledby="run-node">
      <h2 id="run-node" className="mb-2 text-xl font-semibold">
        Run a node
      </h2>
      <p className="mb-3 text-sm text-muted">
        far-node serves models with llama.cpp (or forwards to vLLM / Ollama / any OpenAI-compatible server),
        proves your wallet with a signature and earns 60% of every task it serves. It earns only with a model
        from the catalogue, from the same weights file (the node announces its SHA-256).
      </p>
      <div className="mb-3 flex flex-col gap-3 sm:flex-row sm:items-end">
        <label className="flex flex-col gap-1 text-sm">
          GPU memory
          <select
            className={fieldClass}
            value={vramGb}
            onChange={(event) => {
              setVramGb(Number(event.target.value));
              setChosen(undefined);
            }}
          >
            {VRAM_CHOICES.map((gb) => (
              <option key={gb} value={gb}>
                {gb === 0 ? 'CPU only' : `${gb} GB`}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-1 flex-col gap-1 text-sm">
          Model
          <select
            className={fieldClass}
            value={model?.id ?? ''}
            onChange={(event) => setChosen(event.target.value)}
            disabled={models.length === 0}
            data-testid="run-node-model"
          >
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.id} — {m.minVramGb} GB+, {formatUsd(m.outputPriceUsdPer1M)} / 1M out
                {m.liveNodes > 0 ? `, ${m.liveNodes} live` : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      {model ? (
        <p className="mb-3 text-xs text-muted" data-testid="run-node-source">
          Weights: {model.source || model.id}
          {model.weightsSha256 ? ` (sha256 ${model.weightsSha256.slice(0, 16)}…)` : ''}
        </p>
      ) : suggestions.isSuccess ? (
        <p className="mb-3 text-xs text-muted">No catalogued model fits this much memory.</p>
      ) : null}
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
