'use client';

import { useId } from 'react';
import type { useModels } from '@/hooks/useModels';
import { describeError } from '@/lib/web3/describeError';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';

/** The settings a playground run is sent with. */
export type PlaygroundSettingsValue = {
  model: string;
  systemPrompt: string;
  temperature: number;
  maxTokens: number;
};

// The most the playground's field offers; the API validates the request on its own.
const MAX_TOKENS_LIMIT = 8192;

/**
 * The playground's settings card: model (with whether a node serves it now), system prompt,
 * temperature and max tokens.
 */
export function PlaygroundSettings({
  models,
  value,
  onChange,
}: {
  models: ReturnType<typeof useModels>;
  value: PlaygroundSettingsValue;
  onChange: (patch: Partial<PlaygroundSettingsValue>) => void;
}) {
  const ids = { model: useId(), system: useId(), temperature: useId(), maxTokens: useId() };
  return (
    <Card aria-label="Settings" className="flex flex-col gap-4">
      <div>
        <label htmlFor={ids.model} className="mb-1 block text-sm text-muted">
          Model
        </label>
        <select
          id={ids.model}
          value={value.model}
          onChange={(event) => onChange({ model: event.target.value })}
          className={fieldClass}
          disabled={!models.data || models.data.length === 0}
        >
          {models.isPending ? <option>Loading models…</option> : null}
          {models.isError ? <option>Models unavailable</option> : null}
          {models.data?.length === 0 ? <option>No models registered</option> : null}
          {models.data?.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.id}
              {candidate.available_nodes > 0 ? '' : ' (no node online)'}
            </option>
          ))}
        </select>
        {models.isError ? (
          <p role="alert" className="mt-1 text-sm text-red-300">
            {describeError(models.error)}
          </p>
        ) : null}
      </div>
      <div>
        <label htmlFor={ids.system} className="mb-1 block text-sm text-muted">
          System prompt
        </label>
        <textarea
          id={ids.system}
          rows={4}
          value={value.systemPrompt}
          onChange={(event) => onChange({ systemPrompt: event.target.value })}
          className={fieldClass}
        />
      </div>
      <div>
        <label htmlFor={ids.temperature} className="mb-1 block text-sm text-muted">
          Temperature: {value.temperature.toFixed(2)}
        </label>
        <input
          id={ids.temperature}
          type="range"
          min={0}
          max={2}
          step={0.05}
          value={value.temperature}
          onChange={(event) => onChange({ temperature: Number(event.target.value) })}
          className="w-full accent-brand"
        />
      </div>
      <div>
        <label htmlFor={ids.maxTokens} className="mb-1 block text-sm text-muted">
          Max tokens
        </label>
        <input
          id={ids.maxTokens}
          type="number"
          min={1}
          max={MAX_TOKENS_LIMIT}
          value={value.maxTokens}
          onChange={(event) =>
            onChange({ maxTokens: Math.max(1, Math.min(MAX_TOKENS_LIMIT, Number(event.target.value) || 1)) })
          }
          className={fieldClass}
        />
      </div>
    </Card>
  );
}
