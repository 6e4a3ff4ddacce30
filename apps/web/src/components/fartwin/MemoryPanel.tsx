'use client';

import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fartwinKeys, useTwinMemories } from '@/hooks/useFartwinQueries';
import { useSession } from '@/lib/auth/SessionProvider';
import {
  addMemory,
  deleteMemory,
  editMemory,
  exportMemories,
  setTwinMayRemember,
  type TwinMemory,
} from '@/lib/fartwin/fartwinEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { fieldClass } from '../ui/fieldClass';

function MemoryRow({
  memory,
  onEdit,
  onDelete,
}: {
  memory: TwinMemory;
  onEdit: (content: string) => Promise<void>;
  onDelete: () => Promise<void>;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <li className="flex flex-col gap-2 rounded-lg border border-line p-3 text-sm" data-testid="twin-memory">
      {draft === null ? (
        <p className="whitespace-pre-wrap">{memory.content}</p>
      ) : (
        <textarea
          aria-label="Edit memory"
          className={fieldClass}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
      )}
      <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
        <span>saved by {memory.source === 'twin' ? 'the twin' : 'you'}</span>
        {draft === null ? (
          <Button variant="secondary" className="px-2 py-1 text-xs" onClick={() => setDraft(memory.content)}>
            Edit
          </Button>
        ) : (
          <Button className="px-2 py-1 text-xs" onClick={() => void onEdit(draft).then(() => setDraft(null))}>
            Save
          </Button>
        )}
        <Button variant="danger" className="px-2 py-1 text-xs" onClick={() => void onDelete()}>
          Forget
        </Button>
      </div>
    </li>
  );
}

/** Downloads a JSON value as a file (the export of what a twin keeps about the user). */
function download(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * Everything a twin remembers about the signed-in user: list, add, edit, forget, export as JSON, and
 * the switch that lets the twin save facts on its own.
 */
export function MemoryPanel({ handle }: { handle: string }) {
  const { accessToken } = useSession();
  const queryClient = useQueryClient();
  const memories = useTwinMemories(handle);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!accessToken) return null;

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      void queryClient.invalidateQueries({ queryKey: fartwinKeys.memories(handle, undefined).slice(0, 3) });
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) return;
    void act(() => addMemory(accessToken, handle, text.trim())).then(() => setText(''));
  };

  return (
    <Card aria-label="Memory" className="flex flex-col gap-3">
      <h2 className="text-lg font-semibold">What this twin remembers about you</h2>
      <DataState query={memories} empty={null}>
        {(data) => (
          <>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={data.settings.allowTwinMemories}
                onChange={(event) =>
                  void act(() => setTwinMayRemember(accessToken, handle, event.target.checked))
                }
              />
              Let the twin save facts
            </label>
            {data.data.length === 0 ? <p className="text-sm text-muted">Nothing yet.</p> : null}
            <ul className="flex flex-col gap-2">
              {data.data.map((memory) => (
                <MemoryRow
                  key={memory.id}
                  memory={memory}
                  onEdit={(content) => act(() => editMemory(accessToken, handle, memory.id, content))}
                  onDelete={() => act(() => deleteMemory(accessToken, handle, memory.id))}
                />
              ))}
            </ul>
          </>
        )}
      </DataState>
      <form onSubmit={submit} className="flex flex-col gap-2">
        <label className="flex flex-col gap-1 text-sm">
          Remember this
          <input className={fieldClass} value={text} onChange={(event) => setText(event.target.value)} />
        </label>
        <div className="flex flex-wrap gap-2">
          <Button type="submit" disabled={!text.trim()}>
            Save memory
          </Button>
          <Button
            variant="secondary"
            onClick={() =>
              void act(async () =>
                download(`${handle}-memories.json`, await exportMemories(accessToken, handle)),
              )
            }
          >
            Export
          </Button>
        </div>
      </form>
      {error ? (
        <p role="alert" className="text-sm text-red-300">
          {error}
        </p>
      ) : null}
    </Card>
  );
}
