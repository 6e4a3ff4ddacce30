'use client';

import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { formatUnits, parseUnits } from 'viem';
import { fartwinKeys } from '@/hooks/useFartwinQueries';
import { useSession } from '@/lib/auth/SessionProvider';
import { createTwin, type Twin, type TwinFields, updateTwin } from '@/lib/fartwin/fartwinEndpoints';
import { previewPersonaPrompt } from '@/lib/fartwin/previewPersonaPrompt';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { type TwinDraft, TwinEditorFields } from './TwinEditorFields';

const blank: TwinDraft = {
  handle: '',
  name: '',
  persona: '',
  greeting: '',
  baseModel: '',
  visibility: 'private',
  category: 'general',
  avatar: null,
  feeFar: '0',
};

const toDraft = (twin: Twin): TwinDraft => ({
  handle: twin.handle,
  name: twin.name,
  persona: twin.persona,
  greeting: twin.greeting,
  baseModel: twin.baseModel,
  visibility: twin.visibility,
  category: twin.category,
  avatar: twin.avatar,
  feeFar: formatUnits(twin.creatorFeeWeiPerMillion, 18),
});

function toFields({ feeFar, ...draft }: TwinDraft): TwinFields {
  if (!/^\d+(\.\d{1,18})?$/.test(feeFar.trim())) throw new Error('The fee is a FAR amount, e.g. 2 or 0.5');
  return { ...draft, creatorFeeWeiPerMillion: parseUnits(feeFar.trim(), 18) };
}

/**
 * Creates a twin, or edits one the user owns, with a live preview of the persona message its chats
 * start with. Saving a new twin hands it to `onSaved` (the studio then shows its knowledge).
 */
export function TwinEditor({ twin, onSaved }: { twin: Twin | null; onSaved: (twin: Twin) => void }) {
  const { accessToken } = useSession();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<TwinDraft>(twin ? toDraft(twin) : blank);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!accessToken) return;
    setError(null);
    setNotice(null);
    setSaving(true);
    try {
      const fields = toFields(draft);
      const { handle, ...changes } = fields;
      const saved = twin
        ? await updateTwin(accessToken, twin.handle, changes)
        : await createTwin(accessToken, fields);
      setNotice(twin ? 'Saved.' : `Created twin:${saved.handle}.`);
      void queryClient.invalidateQueries({ queryKey: fartwinKeys.all });
      onSaved(saved);
    } catch (caught) {
      setError(describeError(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="flex flex-col gap-4" aria-label="Twin editor">
      <TwinEditorFields
        draft={draft}
        isNew={!twin}
        onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
      />
      <div>
        <h3 className="mb-1 text-sm font-semibold">Preview: what the model is told first</h3>
        <pre
          className="overflow-x-auto whitespace-pre-wrap rounded-lg bg-canvas p-3 text-xs text-soft"
          data-testid="twin-prompt-preview"
        >
          {previewPersonaPrompt({
            name: draft.name || '…',
            handle: draft.handle || '…',
            persona: draft.persona || '…',
          })}
        </pre>
        {draft.greeting ? <p className="mt-2 text-sm">Greeting: {draft.greeting}</p> : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" disabled={saving}>
          {twin ? 'Save twin' : 'Create twin'}
        </Button>
        {notice ? (
          <span role="status" className="text-sm text-soft" data-testid="twin-editor-notice">
            {notice}
          </span>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="text-sm text-red-300" data-testid="twin-editor-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
