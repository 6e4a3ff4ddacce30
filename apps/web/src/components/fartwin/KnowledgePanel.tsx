'use client';

import { useQueryClient } from '@tanstack/react-query';
import { type ChangeEvent, useState } from 'react';
import { fartwinKeys, useTwinDocuments } from '@/hooks/useFartwinQueries';
import { useWebSocket } from '@/hooks/useWebSocket';
import { useSession } from '@/lib/auth/SessionProvider';
import { deleteDocument, uploadDocument } from '@/lib/fartwin/fartwinEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { DataState } from '../ui/DataState';

type Progress = { documentId: string; status: string; chunksIndexed: number; chunksTotal: number };

function readProgress(payload: unknown): Progress | null {
  const value = payload as Partial<Progress> | null;
  if (!value || typeof value.documentId !== 'string' || typeof value.chunksIndexed !== 'number') return null;
  return {
    documentId: value.documentId,
    status: String(value.status),
    chunksIndexed: value.chunksIndexed,
    chunksTotal: Number(value.chunksTotal ?? 0),
  };
}

/**
 * A twin's knowledge, for its owner: upload Markdown, text or PDF (the API's size and type errors
 * shown as it words them), indexing progress live from the `fartwin:indexing` realtime event, the
 * documents with their status and chunk count, and delete.
 */
export function KnowledgePanel({ handle }: { handle: string }) {
  const { accessToken } = useSession();
  const queryClient = useQueryClient();
  const documents = useTwinDocuments(handle);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Every signed-in socket sits in its user's room, where the indexing progress of its twins goes;
  // the subscription only opens the connection.
  useWebSocket({ event: 'subscribe:revenue' }, 'fartwin:indexing', (payload) => {
    const read = readProgress(payload);
    if (read) setProgress(read);
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: fartwinKeys.documents(handle) });

  const upload = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file || !accessToken) return;
    setError(null);
    setUploading(true);
    try {
      await uploadDocument(accessToken, handle, file);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setUploading(false);
      void refresh();
    }
  };

  return (
    <section aria-label="Knowledge" className="flex flex-col gap-3">
      <h3 className="font-semibold">Knowledge</h3>
      <label className="flex flex-col gap-1 text-sm">
        Upload a document (Markdown, text or PDF, at most 512 KiB)
        <input
          type="file"
          accept=".md,.markdown,.txt,.pdf,text/markdown,text/plain,application/pdf"
          data-testid="twin-document-file"
          disabled={uploading}
          onChange={(event) => void upload(event)}
        />
      </label>
      {uploading || progress?.status === 'indexing' ? (
        <p className="text-sm text-soft" role="status" data-testid="twin-indexing">
          Indexing… {progress ? `${progress.chunksIndexed} / ${progress.chunksTotal} passages` : ''}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-300" data-testid="twin-upload-error">
          {error}
        </p>
      ) : null}
      <DataState query={documents} isEmpty={(list) => list.length === 0} empty="No documents yet.">
        {(list) => (
          <ul className="flex flex-col gap-2 text-sm">
            {list.map((document) => (
              <li key={document.id} data-testid="twin-document" className="flex flex-wrap items-center gap-2">
                <span className="font-medium">{document.title}</span>
                <span className="text-muted">
                  {document.status} · {document.chunkCount} passages · {Math.ceil(document.bytes / 1024)} KiB
                </span>
                <Button
                  variant="danger"
                  className="px-2 py-1 text-xs"
                  onClick={() =>
                    void deleteDocument(accessToken as string, handle, document.id)
                      .catch((caught: unknown) => setError(describeError(caught)))
                      .finally(refresh)
                  }
                >
                  Delete
                </Button>
              </li>
            ))}
          </ul>
        )}
      </DataState>
    </section>
  );
}
