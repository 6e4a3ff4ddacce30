/**
 * The season a moment belongs to: its calendar month in UTC (`2026-12`). Season leaderboards rank
 * each mode's verified runs within it.
 *
 * @example
 * seasonOf(new Date('2026-12-06T02:00:00Z')); // '2026-12'
 */
export function seasonOf(at: Date): string {
  return at.toISOString().slice(0, 7);
}
