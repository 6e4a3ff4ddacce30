'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatUnits } from 'viem';
import { useGamedActions } from '@/hooks/useGamedActions';
import { useSession } from '@/lib/auth/SessionProvider';
import { parseFarInput } from '@/lib/format/parseFarInput';
import { type StudioGame, updateGamePage } from '@/lib/gamed/gamedEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { fieldClass } from '../ui/fieldClass';
import { OutcomeNote } from './OutcomeNote';

/** A labelled text field holding `value` to start with. */
function Field(props: {
  label: string;
  name: string;
  value: string;
  required?: boolean;
  placeholder?: string;
}) {
  return (
    <label className="flex flex-col gap-1 text-sm text-muted">
      {props.label}
      <input
        className={fieldClass}
        name={props.name}
        defaultValue={props.value}
        required={props.required}
        placeholder={props.placeholder}
      />
    </label>
  );
}

/** Splits a typed list at `separators`, dropping blanks. */
const listOf = (text: string, separators: RegExp) =>
  text
    .split(separators)
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * Edits an existing game: its store page (title, tagline, description, genres, cover and screenshots)
 * through the API, and its price on GameLicenses through the studio's wallet when it changed (held
 * purchases keep the price they paid; royalty and transfer rule are fixed at registration).
 */
export function EditGameForm({ game }: { game: StudioGame }) {
  const { accessToken } = useSession();
  const queryClient = useQueryClient();
  const actions = useGamedActions();
  const [note, setNote] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (form: FormData) => {
    setNote(null);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const price = parseFarInput(text('price'));
    if (!price.ok) return setNote('Enter a price in FAR above zero.');
    setSaving(true);
    try {
      await updateGamePage(accessToken as string, game.id, {
        title: text('title'),
        studioName: text('studioName'),
        tagline: text('tagline'),
        description: String(form.get('description') ?? ''),
        genres: listOf(text('genres').toLowerCase(), /[\s,]+/),
        coverUrl: text('coverUrl') || null,
        screenshotUrls: listOf(text('screenshotUrls'), /\s+/),
      });
      setNote('Page saved.');
      void queryClient.invalidateQueries({ queryKey: ['gamed'] });
    } catch (error) {
      setNote(`The page was not saved: ${describeError(error)}`);
    } finally {
      setSaving(false);
    }
    if (price.wei !== game.priceWei) await actions.setPrice(game.chainGameId, price.wei);
  };
  return (
    <details className="rounded border border-white/10 p-3">
      <summary className="cursor-pointer text-sm font-medium text-white">Edit page and price</summary>
      <form
        aria-label={`Edit ${game.title}`}
        className="mt-3 grid gap-3 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(new FormData(event.currentTarget));
        }}
      >
        <Field label="Title" name="title" value={game.title} required />
        <Field label="Studio name" name="studioName" value={game.studio.name} required />
        <Field label="Price (FAR)" name="price" value={formatUnits(game.priceWei, 18)} required />
        <Field label="Tagline" name="tagline" value={game.tagline} />
        <Field
          label="Genres (comma-separated, e.g. arcade, puzzle)"
          name="genres"
          value={game.genres.join(', ')}
        />
        <Field label="Cover image URL" name="coverUrl" value={game.coverUrl ?? ''} />
        <label className="flex flex-col gap-1 text-sm text-muted sm:col-span-2">
          Screenshot URLs (one per line)
          <textarea
            className={fieldClass}
            name="screenshotUrls"
            rows={3}
            defaultValue={game.screenshotUrls.join('\n')}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm text-muted sm:col-span-2">
          Description
          <textarea className={fieldClass} name="description" rows={4} defaultValue={game.description} />
        </label>
        <Button type="submit" disabled={saving || actions.busy !== null} className="sm:col-span-2">
          {actions.busy === 'Set price' ? 'Confirm the new price in wallet…' : 'Save changes'}
        </Button>
      </form>
      <OutcomeNote outcome={actions.outcome} />
      {note ? (
        <p role="status" className="text-sm text-soft">
          {note}
        </p>
      ) : null}
    </details>
  );
}
