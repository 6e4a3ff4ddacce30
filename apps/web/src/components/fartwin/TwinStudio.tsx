'use client';

import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { fartwinKeys, useMyTwins } from '@/hooks/useFartwinQueries';
import { useSession } from '@/lib/auth/SessionProvider';
import { deleteTwin, duplicateTwin, type Twin } from '@/lib/fartwin/fartwinEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { DataState } from '../ui/DataState';
import { KnowledgePanel } from './KnowledgePanel';
import { TwinEarnings } from './TwinEarnings';
import { TwinEditor } from './TwinEditor';

function TwinActions({ twin, onGone }: { twin: Twin; onGone: (handle: string | null) => void }) {
  const { accessToken } = useSession();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const act = async (action: () => Promise<string | null>) => {
    setError(null);
    try {
      const next = await action();
      void queryClient.invalidateQueries({ queryKey: fartwinKeys.all });
      onGone(next);
    } catch (caught) {
      setError(describeError(caught));
    }
  };
  const duplicate = () => {
    const handle = window.prompt('Handle of the copy', `${twin.handle}-copy`);
    if (handle && accessToken)
      void act(async () => (await duplicateTwin(accessToken, twin.handle, handle)).handle);
  };
  const remove = () => {
    if (
      !accessToken ||
      !window.confirm(`Delete twin:${twin.handle} with its knowledge, conversations and memories?`)
    )
      return;
    void act(async () => {
      await deleteTwin(accessToken, twin.handle);
      return null;
    });
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Link
        href={`/fartwin/${twin.handle}`}
        className="rounded-lg border border-line px-4 py-2 font-semibold hover:border-brand"
      >
        Chat with it
      </Link>
      <Button variant="secondary" onClick={duplicate}>
        Duplicate
      </Button>
      <Button variant="danger" onClick={remove}>
        Delete
      </Button>
      {error ? (
        <p role="alert" className="text-sm text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The owner's studio: their twins (every visibility), a new twin, and for the chosen one its editor,
 * knowledge, duplicate and delete, and the earnings of all of them. The chosen twin is in the URL
 * (`?twin=<handle>`).
 */
export function TwinStudio() {
  const mine = useMyTwins();
  const router = useRouter();
  const selected = useSearchParams().get('twin');
  const choose = (handle: string | null) =>
    router.replace(handle ? `/fartwin/studio?twin=${handle}` : '/fartwin/studio');
  return (
    <DataState query={mine} empty={null}>
      {(twins) => {
        const twin = twins.find((candidate) => candidate.handle === selected) ?? null;
        return (
          <div className="grid gap-6 lg:grid-cols-[16rem_1fr]">
            <nav aria-label="Your twins" className="flex flex-col gap-2">
              <Button variant={twin ? 'secondary' : 'primary'} onClick={() => choose(null)}>
                New twin
              </Button>
              <ul className="flex flex-col gap-1" data-testid="my-twins">
                {twins.map((candidate) => (
                  <li key={candidate.id}>
                    <button
                      type="button"
                      onClick={() => choose(candidate.handle)}
                      className={`w-full truncate rounded-lg px-3 py-2 text-left ${candidate.handle === selected ? 'bg-surface-raised text-white' : 'text-soft hover:bg-surface-raised'}`}
                    >
                      {candidate.name} <span className="text-xs text-muted">({candidate.visibility})</span>
                    </button>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="flex flex-col gap-6">
              <Card>
                <TwinEditor key={twin?.id ?? 'new'} twin={twin} onSaved={(saved) => choose(saved.handle)} />
              </Card>
              {twin ? (
                <Card className="flex flex-col gap-4">
                  <TwinActions twin={twin} onGone={choose} />
                  <KnowledgePanel handle={twin.handle} />
                </Card>
              ) : null}
              <TwinEarnings />
            </div>
          </div>
        );
      }}
    </DataState>
  );
}
