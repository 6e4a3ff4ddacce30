import type { ModelSpec } from './ModelSpec.js';

/**
 * Catalogued models close to an id no model has, for the 404 that refuses it: ids within a small
 * edit distance (a typo, another separator), ids that contain it or that it contains
 * (`llama-3.1-8b` → `llama-3.1-8b-instruct-q4_k_m`), and models of the family the id names.
 *
 * @param requested - the id the client sent.
 * @param models - the sellable models.
 * @param limit - at most this many (default 5).
 * @returns ids, closest first.
 * @example
 * findCloseModels('llama-3.1-8b', models) // ['llama-3.1-8b-instruct-q4_k_m', 'llama-70b', …]
 */
export function findCloseModels(requested: string, models: readonly ModelSpec[], limit = 5): string[] {
  const wanted = requested.toLowerCase();
  const scored: { id: string; rank: number; distance: number }[] = [];
  for (const model of models) {
    const id = model.id.toLowerCase();
    const distance = editDistance(wanted, id);
    let rank: number | undefined;
    if (distance <= Math.max(2, Math.floor(Math.min(wanted.length, id.length) / 4))) rank = 0;
    else if (wanted.length >= 3 && (id.includes(wanted) || wanted.includes(id))) rank = 1;
    else if (
      wanted.split(/[^a-z0-9]+/).some((part) => part === model.family || part.startsWith(model.family))
    )
      rank = 2;
    if (rank !== undefined) scored.push({ id: model.id, rank, distance });
  }
  return scored
    .sort((a, b) => a.rank - b.rank || a.distance - b.distance || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((s) => s.id);
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] as number;
}
