'use client';

import { useState } from 'react';
import { useGallery } from '@/hooks/useFartwinQueries';
import type { GalleryFilter } from '@/lib/fartwin/fartwinEndpoints';
import { DataState } from '../ui/DataState';
import { fieldClass } from '../ui/fieldClass';
import { TwinCard } from './TwinCard';

/** Categories an owner can pick (the API takes any slug; these are the ones the gallery offers). */
export const twinCategories = ['general', 'education', 'productivity', 'creative', 'companion', 'developer'];

/** The public twins: search by name or handle, filter by category, most used or newest first. */
export function TwinGallery() {
  const [filter, setFilter] = useState<GalleryFilter>({ sort: 'most_used' });
  const gallery = useGallery(filter);
  return (
    <section aria-label="Public twins" className="flex flex-col gap-4">
      <div className="grid gap-3 sm:grid-cols-[1fr_12rem_12rem]">
        <label className="flex flex-col gap-1 text-sm">
          Search twins
          <input
            type="search"
            className={fieldClass}
            value={filter.search ?? ''}
            onChange={(event) => setFilter({ ...filter, search: event.target.value })}
          />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Category
          <select
            className={fieldClass}
            value={filter.category ?? ''}
            onChange={(event) => setFilter({ ...filter, category: event.target.value || undefined })}
          >
            <option value="">All</option>
            {twinCategories.map((category) => (
              <option key={category} value={category}>
                {category}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          Order
          <select
            className={fieldClass}
            value={filter.sort}
            onChange={(event) => setFilter({ ...filter, sort: event.target.value as GalleryFilter['sort'] })}
          >
            <option value="most_used">Most used</option>
            <option value="newest">Newest</option>
          </select>
        </label>
      </div>
      <DataState query={gallery} isEmpty={(twins) => twins.length === 0} empty="No public twin matches.">
        {(twins) => (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {twins.map((twin) => (
              <TwinCard key={twin.id} twin={twin} />
            ))}
          </ul>
        )}
      </DataState>
    </section>
  );
}
