import { type Db, gamingChainEntries, gamingChainTournaments, revenueStreams, users } from '@far/db';
import { and, eq, sql } from 'drizzle-orm';
import type { GamingChainNotice } from './GamingChainNotice.js';
import type { GamingChainEvent } from './readGamingChainEvents.js';

type PayoutEvent = Extract<GamingChainEvent, { eventName: 'FeesSettled' | 'PrizeClaimed' | 'Refunded' }>;

/** The revenue stream a claimed prize is recorded under, for the winner's user. */
const GAMING_PRIZE_STREAM = 'gaming_prize';

/**
 * Applies a money-out event of TournamentPool: the platform fee's split, a prize claimed (also a
 * `revenue_streams` row for the winner, service `gaming`), or an entry refunded.
 *
 * @param tx - the range's transaction.
 * @param pool - the pool's address, lowercase.
 * @param event - FeesSettled, PrizeClaimed or Refunded.
 * @param notice - the notice for this event, to complete.
 * @returns the notices to publish after the commit.
 * @example
 * return applyGamingPayoutEvent(tx, pool, event, notice);
 */
export async function applyGamingPayoutEvent(
  tx: Db,
  pool: string,
  event: PayoutEvent,
  notice: GamingChainNotice,
): Promise<GamingChainNotice[]> {
  const tournamentId = event.args.tournamentId.toString();
  if (event.eventName === 'FeesSettled') {
    await tx
      .update(gamingChainTournaments)
      .set({
        stakersFeeWei: event.args.stakersAmount,
        treasuryFeeWei: event.args.treasuryAmount,
        feesSettledAt: event.at,
        updatedAt: sql`now()`,
      })
      .where(
        and(
          eq(gamingChainTournaments.poolAddress, pool),
          eq(gamingChainTournaments.tournamentId, tournamentId),
        ),
      );
    return [notice];
  }
  const wallet = (event.eventName === 'PrizeClaimed' ? event.args.winner : event.args.player).toLowerCase();
  const entry = and(
    eq(gamingChainEntries.poolAddress, pool),
    eq(gamingChainEntries.tournamentId, tournamentId),
    eq(gamingChainEntries.playerAddress, wallet),
  );
  if (event.eventName === 'Refunded') {
    await tx
      .update(gamingChainEntries)
      .set({ refundedWei: event.args.amount, refundedAt: event.at })
      .where(entry);
    return [{ ...notice, wallet }];
  }
  await tx
    .update(gamingChainEntries)
    .set({ claimedWei: event.args.amount, claimedAt: event.at, claimTransactionHash: event.transactionHash })
    .where(entry);
  await recordPrizeRevenue(tx, wallet, event.args.amount, event.transactionHash, event.at);
  return [{ ...notice, wallet, prizeWei: event.args.amount }];
}

/**
 * A prize as the winner's revenue. One claim per transaction and wallet, so the transaction hash keys
 * it: a replay of the same history (a rewind) finds the row and adds nothing.
 */
async function recordPrizeRevenue(tx: Db, wallet: string, amount: bigint, transactionHash: string, at: Date) {
  await tx
    .insert(users)
    .values({ walletAddress: wallet })
    .onConflictDoNothing({ target: users.walletAddress });
  const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.walletAddress, wallet));
  if (!user) throw new Error(`user ${wallet} vanished after insert`);
  const [existing] = await tx
    .select({ id: revenueStreams.id })
    .from(revenueStreams)
    .where(
      and(
        eq(revenueStreams.service, 'gaming'),
        eq(revenueStreams.streamType, GAMING_PRIZE_STREAM),
        eq(revenueStreams.userId, user.id),
        eq(revenueStreams.transactionHash, transactionHash),
      ),
    );
  if (existing) return;
  await tx.insert(revenueStreams).values({
    streamType: GAMING_PRIZE_STREAM,
    service: 'gaming',
    userId: user.id,
    amountFarWei: amount,
    transactionHash,
    createdAt: at,
  });
}
