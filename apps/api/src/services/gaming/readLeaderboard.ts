import { type Db, gamingProfiles, users } from '@far/db';
import { eq, inArray } from 'drizzle-orm';
import type { LeaderboardLine } from './gamingLeaderboardChannel.js';
import type { Leaderboard } from './Leaderboard.js';

/** Places a leaderboard shows and streams. */
const LEADERBOARD_SIZE = 50;

/**
 * A board's top places with each player's display name and avatar.
 *
 * @param db - the database (profiles).
 * @param leaderboard - the ranking (Redis or the database).
 * @param board - the board id.
 * @returns the lines, best first.
 */
export async function readLeaderboard(
  db: Db,
  leaderboard: Leaderboard,
  board: string,
): Promise<LeaderboardLine[]> {
  const top = await leaderboard.top(board, LEADERBOARD_SIZE);
  if (top.length === 0) return [];
  const profiles = await db
    .select({
      wallet: users.walletAddress,
      displayName: gamingProfiles.displayName,
      avatar: gamingProfiles.avatar,
    })
    .from(gamingProfiles)
    .innerJoin(users, eq(users.id, gamingProfiles.userId))
    .where(
      inArray(
        users.walletAddress,
        top.map((entry) => entry.wallet),
      ),
    );
  const byWallet = new Map(profiles.map((profile) => [profile.wallet, profile]));
  return top.map((entry) => ({
    ...entry,
    displayName: byWallet.get(entry.wallet)?.displayName ?? null,
    avatar: byWallet.get(entry.wallet)?.avatar ?? null,
  }));
}
