import { type Db, gamingChainTournaments } from '@far/db';
import { and, gte, isNotNull, sql } from 'drizzle-orm';
import type { ServiceRevenue } from '../../../revenue/ServiceRevenue.js';

/**
 * Farcana's revenue: the platform fees TournamentPool took from prize pools (stakers' and treasury's
 * parts), as the chain mirror recorded them when they were settled. Prizes are the players' money,
 * passed through, not revenue.
 *
 * @param db - the database.
 * @param since - count fees settled at or after this moment; null counts all.
 * @returns fees taken and the stakers' share, in wei.
 * @example
 * const { stakersFarWei } = await summarizeGamingRevenue(db, null);
 */
export async function summarizeGamingRevenue(db: Db, since: Date | null): Promise<ServiceRevenue> {
  const settled = isNotNull(gamingChainTournaments.feesSettledAt);
  const [row] = await db
    .select({
      stakers: sql<string>`coalesce(sum(${gamingChainTournaments.stakersFeeWei}), 0)::text`,
      treasury: sql<string>`coalesce(sum(${gamingChainTournaments.treasuryFeeWei}), 0)::text`,
    })
    .from(gamingChainTournaments)
    .where(since === null ? settled : and(settled, gte(gamingChainTournaments.feesSettledAt, since)));
  const stakers = BigInt(row?.stakers ?? '0');
  return { revenueFarWei: stakers + BigInt(row?.treasury ?? '0'), stakersFarWei: stakers };
}
