'use client';

import { useState } from 'react';
import { useGamedActions } from '@/hooks/useGamedActions';
import { useSession } from '@/lib/auth/SessionProvider';
import { parseFarInput } from '@/lib/format/parseFarInput';
import { createGamePage } from '@/lib/gamed/gamedEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';
import { OutcomeNote } from './OutcomeNote';

const slugOf = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);

/** A labelled text field. */
function Field(props: { label: string; name: string; required?: boolean; placeholder?: string }) {
  return (
    <label className="flex flex-col gap-1 text-sm text-muted">
      {props.label}
      <input
        className={fieldClass}
        name={props.name}
        required={props.required}
        placeholder={props.placeholder}
      />
    </label>
  );
}

/**
 * Creates a game in two steps: the studio's wallet registers it on GameLicenses (price, royalty,
 * transfer rule), then its store page is saved, linked to the new game id.
 */
export function CreateGameForm() {
  const { accessToken } = useSession();
  const actions = useGamedActions();
  const [note, setNote] = useState<string | null>(null);
  const submit = async (form: FormData) => {
    setNote(null);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const price = parseFarInput(text('price'));
    if (!price.ok && text('price') !== '0') return setNote('Enter a price in FAR.');
    const gameId = await actions.registerGame({
      priceWei: price.ok ? price.wei : 0n,
      royaltyBps: Math.round(Number(text('royalty') || '5') * 100),
      soulbound: form.get('soulbound') === 'on',
      metadataUri: `far-gamed:${slugOf(text('title'))}`,
    });
    if (gameId === null) return;
    try {
      // Saved at once: the API reads a game its chain mirror has not indexed yet from the contract.
      await createGamePage(accessToken as string, {
        chainGameId: gameId,
        slug: slugOf(text('title')),
        title: text('title'),
        tagline: text('tagline'),
        description: text('description'),
        genres: text('genre') ? [text('genre')] : [],
        coverUrl: text('coverUrl') || null,
        studioName: text('studioName'),
      });
      setNote(`Game ${gameId} registered and its page published. Upload a build below.`);
    } catch (error) {
      setNote(`Registered as game ${gameId}, but the page was not saved: ${describeError(error)}`);
    }
  };
  return (
    <Card aria-labelledby="create-game" className="flex flex-col gap-4">
      <h2 id="create-game" className="text-xl font-semibold text-white">
        Create a game
      </h2>
      <form
        className="grid gap-3 sm:grid-cols-2"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(new FormData(event.currentTarget));
        }}
      >
        <Field label="Title" name="title" required />
        <Field label="Studio name" name="studioName" required />
        <Field label="Price (FAR)" name="price" required placeholder="25" />
        <Field label="Resale royalty (%, up to 10)" name="royalty" placeholder="5" />
        <Field label="Tagline" name="tagline" />
        <Field label="Genre (e.g. arcade)" name="genre" />
        <Field label="Cover image URL" name="coverUrl" />
        <label className="flex items-center gap-2 text-sm text-muted">
          <input type="checkbox" name="soulbound" /> Soulbound (no resale)
        </label>
        <label className="flex flex-col gap-1 text-sm text-muted sm:col-span-2">
          Description
          <textarea className={fieldClass} name="description" rows={3} />
        </label>
        <Button type="submit" disabled={actions.busy !== null} className="sm:col-span-2">
          {actions.busy === 'Register game' ? 'Confirm in wallet…' : 'Register on chain and publish the page'}
        </Button>
      </form>
      <OutcomeNote outcome={actions.outcome} />
      {note ? (
        <p role="status" className="text-sm text-soft">
          {note}
        </p>
      ) : null}
    </Card>
  );
}
