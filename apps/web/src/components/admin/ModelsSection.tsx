'use client';

import { useState } from 'react';
import { useAdminAction, useAdminQuery } from '@/hooks/useAdminData';
import { apiClient } from '@/lib/api/apiClient';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { fieldClass } from '../ui/fieldClass';
import { ActionResult } from './ActionResult';
import { ReasonField } from './ReasonField';

/** The model catalogue: prices per 1M tokens, set a price, retire, add a model (JSON). */
export function ModelsSection() {
  const models = useAdminQuery(['models'], (headers) => apiClient.GET('/api/admin/models', { headers }));
  const action = useAdminAction();
  const [reason, setReason] = useState('');
  const [modelId, setModelId] = useState('');
  const [inputPrice, setInputPrice] = useState('');
  const [outputPrice, setOutputPrice] = useState('');
  const [newModel, setNewModel] = useState('');
  const addModel = () => {
    try {
      const model = JSON.parse(newModel);
      action.mutate((headers) => apiClient.POST('/api/admin/models', { headers, body: { reason, model } }));
    } catch {
      action.reset();
    }
  };
  return (
    <Card id="models" aria-labelledby="models-title">
      <h2 id="models-title" className="mb-4 text-xl font-semibold">
        Model catalogue
      </h2>
      <ReasonField
        id="model-reason"
        label="Reason for catalogue changes"
        value={reason}
        onChange={setReason}
      />
      <div className="my-4 grid gap-3 md:grid-cols-4">
        <input
          className={fieldClass}
          aria-label="Model id"
          placeholder="model id"
          value={modelId}
          onChange={(e) => setModelId(e.target.value)}
        />
        <input
          className={fieldClass}
          aria-label="Input USD per 1M"
          placeholder="input $/1M"
          value={inputPrice}
          onChange={(e) => setInputPrice(e.target.value)}
        />
        <input
          className={fieldClass}
          aria-label="Output USD per 1M"
          placeholder="output $/1M"
          value={outputPrice}
          onChange={(e) => setOutputPrice(e.target.value)}
        />
        <Button
          disabled={action.isPending}
          onClick={() =>
            action.mutate((headers) =>
              apiClient.POST('/api/admin/models/{id}/price', {
                headers,
                params: { path: { id: modelId } },
                body: { reason, inputPriceUsdPer1M: inputPrice, outputPriceUsdPer1M: outputPrice },
              }),
            )
          }
        >
          Set price
        </Button>
      </div>
      <ActionResult error={action.error} done={action.isSuccess} />
      <DataState query={models} isEmpty={(d) => d.data.length === 0} empty="The catalogue is empty.">
        {({ data }) => (
          <table className="mt-4 w-full text-left text-sm">
            <thead className="text-muted">
              <tr>
                <th className="py-1">Model</th>
                <th>$/1M in</th>
                <th>$/1M out</th>
                <th>VRAM</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.map((model) => (
                <tr key={model.id} className="border-t border-line">
                  <td className="py-2 font-mono">{model.id}</td>
                  <td>{model.inputPriceUsdPer1M}</td>
                  <td>{model.outputPriceUsdPer1M}</td>
                  <td>{model.minVramGb} GB</td>
                  <td>{model.status}</td>
                  <td>
                    {model.status === 'active' ? (
                      <Button
                        variant="danger"
                        disabled={action.isPending}
                        aria-label={`Retire ${model.id}`}
                        onClick={() =>
                          action.mutate((headers) =>
                            apiClient.POST('/api/admin/models/{id}/retire', {
                              headers,
                              params: { path: { id: model.id } },
                              body: { reason },
                            }),
                          )
                        }
                      >
                        Retire
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </DataState>
      <details className="mt-4">
        <summary className="cursor-pointer text-sm text-soft">Add or replace a model (JSON)</summary>
        <textarea
          aria-label="Model JSON"
          className={`${fieldClass} mt-2 h-40 font-mono text-xs`}
          value={newModel}
          onChange={(e) => setNewModel(e.target.value)}
          placeholder='{"id":"…","family":"…","parameterCount":8000000000,"quantization":"Q4_K_M","contextLength":8192,"minVramGb":8,"tokensPerSecond":40,"inputPriceUsdPer1M":"0.1","outputPriceUsdPer1M":"0.2","weightsSha256":null}'
        />
        <Button className="mt-2" disabled={action.isPending} onClick={addModel}>
          Save model
        </Button>
      </details>
    </Card>
  );
}
