'use client';

import Link from 'next/link';
import { useModels } from '@/hooks/useModels';
import { formatFar } from '@/lib/format/formatFar';
import { formatUsd } from '@/lib/format/formatUsd';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';

/** A price per million tokens in USD, with its FAR equivalent at the current feed price. */
function PriceCell({ usd, wei }: { usd: number; wei: bigint | null }) {
  return (
    <td className="py-2 pr-4 text-right whitespace-nowrap">
      {formatUsd(usd)}
      <span className="block text-xs text-muted">
        {wei == null ? 'FAR price unavailable' : `${formatFar(wei)} FAR`}
      </span>
    </td>
  );
}

/** Every catalogued model with its input and output prices per million tokens, speed, VRAM need and live availability. */
export function ModelTable() {
  const query = useModels();
  return (
    <Card aria-labelledby="models-heading">
      <h2 id="models-heading" className="mb-4 text-xl font-semibold">
        Models
      </h2>
      <DataState query={query} isEmpty={(rows) => rows.length === 0} empty="No models are registered yet.">
        {(rows) => (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" data-testid="model-table">
              <thead className="text-muted">
                <tr>
                  <th className="py-2 pr-4 font-normal">Model</th>
                  <th className="py-2 pr-4 text-right font-normal">Input / 1M tokens</th>
                  <th className="py-2 pr-4 text-right font-normal">Output / 1M tokens</th>
                  <th className="py-2 pr-4 text-right font-normal">Speed</th>
                  <th className="py-2 pr-4 text-right font-normal">Min VRAM</th>
                  <th className="py-2 pr-4 font-normal">Availability</th>
                  <th className="py-2 font-normal">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((model) => (
                  <tr key={model.id} className="border-t border-line">
                    <td className="py-2 pr-4">
                      <span className="font-mono">{model.id}</span>
                      <span className="block text-xs text-muted">
                        {model.kind === 'embedding' ? 'embeddings · ' : ''}
                        {model.quantization} · {Math.round(model.context_length / 1024)}k context
                      </span>
                    </td>
                    <PriceCell
                      usd={model.pricing.usd_per_1m_input_tokens}
                      wei={model.pricing.far_per_1m_input_tokens_wei}
                    />
                    <PriceCell
                      usd={model.pricing.usd_per_1m_output_tokens}
                      wei={model.pricing.far_per_1m_output_tokens_wei}
                    />
                    <td className="py-2 pr-4 text-right whitespace-nowrap">
                      {model.measured_tokens_per_second == null
                        ? `${Math.round(model.tokens_per_second)} tok/s expected`
                        : `${Math.round(model.measured_tokens_per_second)} tok/s measured`}
                    </td>
                    <td className="py-2 pr-4 text-right">
                      {model.min_vram_gb == null ? '—' : `${model.min_vram_gb} GB`}
                    </td>
                    <td className="py-2 pr-4">
                      <span className={model.available_nodes > 0 ? 'text-emerald-300' : 'text-muted'}>
                        {model.available_nodes > 0
                          ? `${model.available_nodes} node${model.available_nodes === 1 ? '' : 's'}`
                          : 'No node online'}
                      </span>
                    </td>
                    <td className="py-2">
                      <Link
                        href={`/inference/playground?model=${encodeURIComponent(model.id)}`}
                        className="text-brand-soft underline-offset-4 hover:underline"
                      >
                        Try
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </DataState>
    </Card>
  );
}
