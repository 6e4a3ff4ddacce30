import { type Db, gamingChainEntries, gamingChainTournaments } from '@far/db';
import { type GameMode, gameModes } from '@far/farcana-game';
import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import type { TournamentDirectory, TournamentSlot } from './TournamentDirectory.js';

type TournamentRow = typeof gamingChainTournaments.$inferSelect;

function toSlot(row: TournamentRow): TournamentSlot | undefined {
  // A tournament of another game (posted through the SDK) has a mode Farcana does not play.
  if (!(gameModes as string[]).includes(row.mode)) return undefined;
  return {
    id: row.tournamentId,
    mode: row.mode as GameMode,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    places: row.prizeBps.length,
  };
}

/**
 * Tournaments and entrants as the chain follower mirrors them from one `TournamentPool`, limited
 * to the tournaments this game server may post results for.
 *
 * @param db - the database (the gaming chain mirror).
 * @param poolAddress - the deployed pool, lowercase.
 * @param gameServerAddress - this server's signing address, lowercase.
 * @returns the directory the run checks and the result poster read.
 */
export function createChainTournamentDirectory(
  db: Db,
  poolAddress: string,
  gameServerAddress: string,
): TournamentDirectory {
  const ours = and(
    eq(gamingChainTournaments.poolAddress, poolAddress),
    eq(gamingChainTournaments.gameServerAddress, gameServerAddress),
  );
  const entryOf = (id: string) =>
    and(
      eq(gamingChainEntries.poolAddress, poolAddress),
      eq(gamingChainEntries.tournamentId, id),
      isNull(gamingChainEntries.refundedAt),
    );
  return {
    async find(id) {
      const [row] = await db
        .select()
        .from(gamingChainTournaments)
        .where(
          and(ours, eq(gamingChainTournaments.tournamentId, id), eq(gamingChainTournaments.status, 'open')),
        );
      return row ? toSlot(row) : undefined;
    },
    async isEntrant(id, wallet) {
      const [row] = await db
        .select({ player: gamingChainEntries.playerAddress })
        .from(gamingChainEntries)
        .where(and(entryOf(id), eq(gamingChainEntries.playerAddress, wallet)));
      return row !== undefined;
    },
    async awaitingResults(now) {
      const rows = await db
        .select()
        .from(gamingChainTournaments)
        .where(
          and(
            ours,
            eq(gamingChainTournaments.status, 'open'),
            lte(gamingChainTournaments.endsAt, now),
            // Below the minimum the pool refunds everyone; there is nothing to rank.
            sql`${gamingChainTournaments.entrants} >= ${gamingChainTournaments.minPlayers}`,
          ),
        );
      return rows.flatMap((row) => toSlot(row) ?? []);
    },
    async entrants(id) {
      const rows = await db
        .select({ player: gamingChainEntries.playerAddress })
        .from(gamingChainEntries)
        .where(entryOf(id));
      return rows.map((row) => row.player);
    },
    async earnings(wallet) {
      const [row] = await db
        .select({ total: sql<string>`coalesce(sum(${gamingChainEntries.claimedWei}), 0)::text` })
        .from(gamingChainEntries)
        .where(
          and(eq(gamingChainEntries.poolAddress, poolAddress), eq(gamingChainEntries.playerAddress, wallet)),
        );
      return BigInt(row?.total ?? '0');
    },
  };
}
