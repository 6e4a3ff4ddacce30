import { type Db, gamingRuns } from '@far/db';
import { and, asc, desc, eq, inArray, max, min } from 'drizzle-orm';

/**
 * A tournament's ranking from verified runs only: each entrant's best replayed score, best first;
 * between equal best scores, the player who submitted a verified run first ranks higher, then the
 * lower wallet, so the ranking is the same on every replica and every retry.
 *
 * @param db - the database.
 * @param tournamentId - the tournament.
 * @param entrants - wallets that entered (lowercase); runs of anyone else never rank.
 * @param places - the paid places; the ranking is cut to them.
 * @returns wallets, rank 1 first.
 */
export async function rankTournamentEntrants(
  db: Db,
  tournamentId: string,
  entrants: string[],
  places: number,
): Promise<string[]> {
  if (entrants.length === 0 || places <= 0) return [];
  const best = max(gamingRuns.score);
  const first = min(gamingRuns.submittedAt);
  const rows = await db
    .select({ wallet: gamingRuns.walletAddress, best, first })
    .from(gamingRuns)
    .where(
      and(
        eq(gamingRuns.tournamentId, tournamentId),
        eq(gamingRuns.status, 'verified'),
        inArray(gamingRuns.walletAddress, entrants),
      ),
    )
    .groupBy(gamingRuns.walletAddress)
    .orderBy(desc(best), asc(first), asc(gamingRuns.walletAddress))
    .limit(places);
  return rows.map((row) => row.wallet);
}
