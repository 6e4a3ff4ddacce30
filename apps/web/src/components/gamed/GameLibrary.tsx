'use client';

import Link from 'next/link';
import { useLibrary } from '@/hooks/useGamedQueries';
import { describeError } from '@/lib/web3/describeError';
import { Card } from '../ui/Card';
import { LibraryGameCard } from './LibraryGameCard';

/** The games the signed-in wallet holds a licence of now. */
export function GameLibrary() {
  const library = useLibrary();
  if (library.isError) {
    return (
      <Card role="alert" className="text-red-200">
        {describeError(library.error)}
      </Card>
    );
  }
  if (library.data?.length === 0) {
    return (
      <Card className="text-muted">
        No games yet.{' '}
        <Link href="/gamed" className="underline">
          Browse the store
        </Link>
        .
      </Card>
    );
  }
  return (
    <div aria-busy={library.isPending} className="flex flex-col gap-4">
      {library.data?.map((game) => (
        <LibraryGameCard key={game.id} game={game} />
      ))}
    </div>
  );
}
