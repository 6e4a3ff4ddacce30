import { type Db, gamingProfiles, gamingRuns, users } from '@far/db';
import { and, count, desc, eq, max } from 'drizzle-orm';
import type { TournamentDirectory } from './TournamentDirectory.js';
import { toRunResponse } from './toRunResponse.js';

/**
 * A player's public profile: name and avatar, verified runs (count, best, the latest), and the
 * prizes the wallet has claimed from tournaments.
 *
 * @param db - the database.
 * @param tournaments - where claimed prizes are read.
 * @param wallet - the player's wallet, lowercase.
 * @returns the profile; a wallet that never played has an empty one.
 */
export async function readPlayerProfile(db: Db, tournaments: TournamentDirectory, wallet: string) {
  const [profile] = await db
    .select({ displayName: gamingProfiles.displayName, avatar: gamingProfiles.avatar })
    .from(gamingProfiles)
    .innerJoin(users, eq(users.id, gamingProfiles.userId))
    .where(eq(users.walletAddress, wallet));
  const verified = and(eq(gamingRuns.walletAddress, wallet), eq(gamingRuns.status, 'verified'));
  const [totals] = await db
    .select({ runs: count(), best: max(gamingRuns.score) })
    .from(gamingRuns)
    .where(verified);
  const recent = await db
    .select()
    .from(gamingRuns)
    .where(verified)
    .orderBy(desc(gamingRuns.submittedAt))
    .limit(20);
  return {
    wallet,
    displayName: profile?.displayName ?? null,
    avatar: profile?.avatar ?? null,
    verifiedRuns: totals?.runs ?? 0,
    bestScore: totals?.best ?? null,
    earningsWei: (await tournaments.earnings(wallet)).toString(),
    recentRuns: recent.map(toRunResponse),
  };
}
