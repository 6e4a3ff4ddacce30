'use client';

import type { ChangeEvent } from 'react';
import { useModels } from '@/hooks/useModels';
import type { TwinFields } from '@/lib/fartwin/fartwinEndpoints';
import { fieldClass } from '../ui/fieldClass';
import { twinCategories } from './TwinGallery';

/** The editor's draft: the fields as typed (the fee in FAR as text). */
export type TwinDraft = Omit<TwinFields, 'creatorFeeWeiPerMillion'> & { feeFar: string };

function readAvatar(event: ChangeEvent<HTMLInputElement>, onAvatar: (dataUrl: string) => void) {
  const file = event.target.files?.[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => onAvatar(String(reader.result));
  reader.readAsDataURL(file);
}

/** The inputs of a twin: handle (new twins only), name, persona, greeting, model, visibility, fee, avatar. */
export function TwinEditorFields({
  draft,
  isNew,
  onChange,
}: {
  draft: TwinDraft;
  isNew: boolean;
  onChange: (patch: Partial<TwinDraft>) => void;
}) {
  const models = useModels();
  const text = (key: 'handle' | 'name' | 'persona' | 'greeting') => ({
    className: fieldClass,
    value: draft[key],
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      onChange({ [key]: event.target.value }),
  });
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <label className="flex flex-col gap-1 text-sm">
        Handle (the model id twin:&lt;handle&gt;)
        <input {...text('handle')} disabled={!isNew} required />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Name
        <input {...text('name')} required />
      </label>
      <label className="flex flex-col gap-1 text-sm sm:col-span-2">
        Persona (who it is, how it speaks)
        <textarea {...text('persona')} rows={5} required />
      </label>
      <label className="flex flex-col gap-1 text-sm sm:col-span-2">
        Greeting
        <textarea {...text('greeting')} rows={2} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Base model
        <select
          className={fieldClass}
          value={draft.baseModel}
          onChange={(e) => onChange({ baseModel: e.target.value })}
        >
          {draft.baseModel ? null : <option value="">Choose a model</option>}
          {(models.data ?? []).map((model) => (
            <option key={model.id} value={model.id}>
              {model.id}
            </option>
          ))}
          {models.data?.some((model) => model.id === draft.baseModel) || !draft.baseModel ? null : (
            <option value={draft.baseModel}>{draft.baseModel}</option>
          )}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Visibility
        <select
          className={fieldClass}
          value={draft.visibility}
          onChange={(e) => onChange({ visibility: e.target.value as TwinDraft['visibility'] })}
        >
          <option value="private">Private (only you)</option>
          <option value="unlisted">Unlisted (anyone with the link)</option>
          <option value="public">Public (in the gallery)</option>
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Category
        <select
          className={fieldClass}
          value={draft.category}
          onChange={(e) => onChange({ category: e.target.value })}
        >
          {twinCategories.map((category) => (
            <option key={category}>{category}</option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Creator fee (FAR per million tokens, at most 1000)
        <input
          className={fieldClass}
          inputMode="decimal"
          value={draft.feeFar}
          onChange={(e) => onChange({ feeFar: e.target.value })}
        />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        Avatar (PNG, JPEG, WebP or GIF, at most 64 KiB)
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          onChange={(e) => readAvatar(e, (avatar) => onChange({ avatar }))}
        />
      </label>
    </div>
  );
}
