'use client';

import { useId, useState } from 'react';
import { useCatalogue } from '@/hooks/useGamedQueries';
import type { CatalogueFilter } from '@/lib/gamed/gamedEndpoints';
import { describeError } from '@/lib/web3/describeError';
import { Card } from '../ui/Card';
import { fieldClass } from '../ui/fieldClass';
import { GameCard } from './GameCard';

const genres = [
  'action',
  'adventure',
  'arcade',
  'casual',
  'platformer',
  'puzzle',
  'racing',
  'rpg',
  'shooter',
  'simulation',
  'sports',
  'strategy',
];
const sorts = [
  { value: 'newest', label: 'Newest' },
  { value: 'best_selling', label: 'Best-selling' },
  { value: 'price_low', label: 'Price: low to high' },
  { value: 'price_high', label: 'Price: high to low' },
] as const;

/** The store: search, genre and order, then the games as cards. */
export function GameCatalogue() {
  const ids = { q: useId(), genre: useId(), sort: useId() };
  const [filter, setFilter] = useState<CatalogueFilter>({ sort: 'newest' });
  const catalogue = useCatalogue(filter);
  return (
    <div className="flex flex-col gap-6">
      <Card className="grid gap-3 sm:grid-cols-3">
        <label htmlFor={ids.q} className="flex flex-col gap-1 text-sm text-muted">
          Search
          <input
            id={ids.q}
            type="search"
            className={fieldClass}
            placeholder="Title, tagline or studio"
            onChange={(event) => setFilter((f) => ({ ...f, q: event.target.value || undefined }))}
          />
        </label>
        <label htmlFor={ids.genre} className="flex flex-col gap-1 text-sm text-muted">
          Genre
          <select
            id={ids.genre}
            className={fieldClass}
            onChange={(event) => setFilter((f) => ({ ...f, genre: event.target.value || undefined }))}
          >
            <option value="">All genres</option>
            {genres.map((genre) => (
              <option key={genre} value={genre}>
                {genre}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={ids.sort} className="flex flex-col gap-1 text-sm text-muted">
          Order
          <select
            id={ids.sort}
            className={fieldClass}
            value={filter.sort}
            onChange={(event) =>
              setFilter((f) => ({ ...f, sort: event.target.value as CatalogueFilter['sort'] }))
            }
          >
            {sorts.map((sort) => (
              <option key={sort.value} value={sort.value}>
                {sort.label}
              </option>
            ))}
          </select>
        </label>
      </Card>
      {catalogue.isError ? (
        <Card role="alert" className="text-red-200">
          The store is unavailable: {describeError(catalogue.error)}
        </Card>
      ) : catalogue.data?.games.length === 0 ? (
        <Card className="text-muted">No game matches.</Card>
      ) : (
        <ul aria-busy={catalogue.isPending} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {catalogue.data?.games.map((game) => (
            <li key={game.id}>
              <GameCard game={game} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
