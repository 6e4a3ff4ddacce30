'use client';

import { useState } from 'react';
import { useBatches } from '@/hooks/useBatches';
import { useSession } from '@/lib/auth/SessionProvider';
import { fetchBatchFileContent } from '@/lib/batches/batchEndpoints';
import { formatFar } from '@/lib/format/formatFar';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { SignInRequired } from '../ui/SignInRequired';

/** Saves a batch file (JSON Lines) under `name` through a temporary object URL. */
async function download(accessToken: string, fileId: string, name: string) {
  const text = await fetchBatchFileContent(accessToken, fileId);
  const url = URL.createObjectURL(new Blob([text], { type: 'application/jsonl' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

function DownloadLink({ fileId, name, label }: { fileId: string; name: string; label: string }) {
  const { accessToken } = useSession();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="text-brand-soft underline focus-visible:outline-2 focus-visible:outline-brand-soft"
        onClick={() =>
          download(accessToken ?? '', fileId, name).then(
            () => setError(null),
            (e: unknown) => setError(e instanceof Error ? e.message : 'download failed'),
          )
        }
      >
        {label}
      </button>
      {error ? <span className="block text-xs text-red-300">{error}</span> : null}
    </>
  );
}

function BatchTable() {
  const query = useBatches();
  return (
    <DataState
      query={query}
      isEmpty={(rows) => rows.length === 0}
      empty="No batches yet: upload a JSONL file of requests with the OpenAI client (below)."
    >
      {(rows) => (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="batches">
            <thead className="text-muted">
              <tr>
                <th className="py-2 pr-4 font-normal">Created</th>
                <th className="py-2 pr-4 font-normal">Batch</th>
                <th className="py-2 pr-4 font-normal">Status</th>
                <th className="py-2 pr-4 text-right font-normal">Done / total</th>
                <th className="py-2 pr-4 text-right font-normal">Cost</th>
                <th className="py-2 font-normal">Results</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((batch) => (
                <tr key={batch.id} className="border-t border-line">
                  <td className="py-2 pr-4 whitespace-nowrap">{batch.createdAt.toLocaleString()}</td>
                  <td className="py-2 pr-4 font-mono text-xs">
                    {batch.id}
                    <span className="block text-muted">{batch.endpoint}</span>
                  </td>
                  <td className="py-2 pr-4 capitalize">{batch.status.replace('_', ' ')}</td>
                  <td className="py-2 pr-4 text-right font-mono">
                    {batch.counts.completed}
                    {batch.counts.failed > 0 ? ` (+${batch.counts.failed} failed)` : ''} /{' '}
                    {batch.counts.total}
                  </td>
                  <td className="py-2 pr-4 text-right font-mono whitespace-nowrap">
                    {formatFar(batch.costFarWei, 6)} FAR
                    <span className="block text-xs text-muted">{batch.discountBps / 100}% off</span>
                  </td>
                  <td className="py-2">
                    {batch.outputFileId ? (
                      <DownloadLink
                        fileId={batch.outputFileId}
                        name={`${batch.id}_output.jsonl`}
                        label="Results"
                      />
                    ) : null}{' '}
                    {batch.errorFileId ? (
                      <DownloadLink
                        fileId={batch.errorFileId}
                        name={`${batch.id}_errors.jsonl`}
                        label="Errors"
                      />
                    ) : null}
                    {!batch.outputFileId && !batch.errorFileId ? <span className="text-muted">—</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </DataState>
  );
}

/**
 * The Batch API on the inference page: the signed-in user's batches with their status, progress
 * and cost, their result and error files to download, and how to submit one.
 */
export function BatchList() {
  return (
    <Card aria-labelledby="batches" className="mt-6">
      <h2 id="batches" className="mb-2 text-xl font-semibold">
        Batches
      </h2>
      <p className="mb-4 text-sm text-muted">
        Many requests at once, run on the network's spare capacity within 24 hours at a discount (OpenAI's
        Batch API: upload a JSONL file with purpose "batch", then create a batch from it).
      </p>
      <SignInRequired what="your batches">
        <BatchTable />
      </SignInRequired>
      <pre className="mt-4 overflow-x-auto rounded-lg bg-canvas p-4 text-sm">
        <code>{`const file = await client.files.create({ file: fs.createReadStream('requests.jsonl'), purpose: 'batch' });
const batch = await client.batches.create({
  input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h',
});`}</code>
      </pre>
    </Card>
  );
}
