import { type Db, gamedChainListings, gamedChainPurchases } from '@far/db';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { ServiceRevenue } from '../../../revenue/ServiceRevenue.js';

/**
 * Far GameD's revenue, as the chain mirror recorded it: settled purchases (the whole price: a held
 * purchase may still be refunded, so it is not revenue yet) and, on marketplace resales, the studio's
 * royalty and the platform fee (the seller's proceeds are a player's money passing through). The
 * stakers' share is what GameLicenses handed to FARStaking for both.
 *
 * @param db - the database.
 * @param since - count what was settled or resold at or after this moment; null counts all.
 * @returns revenue and the stakers' share, in wei.
 * @example
 * const { stakersFarWei } = await summarizeGamedRevenue(db, null);
 */
export async function summarizeGamedRevenue(db: Db, since: Date | null): Promise<ServiceRevenue> {
  const settled = eq(gamedChainPurchases.status, 'settled');
  const sold = eq(gamedChainListings.status, 'sold');
  const [[sales], [resales]] = await Promise.all([
    db
      .select({
        // Summed in SQL as numeric and read back as text: exact, whatever the magnitude.
        revenue: sql<string>`coalesce(sum(${gamedChainPurchases.priceWei}), 0)::text`,
        stakers: sql<string>`coalesce(sum(${gamedChainPurchases.stakersShareWei}), 0)::text`,
      })
      .from(gamedChainPurchases)
      .where(since === null ? settled : and(settled, gte(gamedChainPurchases.settledAt, since))),
    db
      .select({
        revenue: sql<string>`coalesce(sum(${gamedChainListings.royaltyWei} + ${gamedChainListings.stakersShareWei} + ${gamedChainListings.treasuryShareWei}), 0)::text`,
        stakers: sql<string>`coalesce(sum(${gamedChainListings.stakersShareWei}), 0)::text`,
      })
      .from(gamedChainListings)
      .where(since === null ? sold : and(sold, gte(gamedChainListings.closedAt, since))),
  ]);
  return {
    revenueFarWei: BigInt(sales?.revenue ?? '0') + BigInt(resales?.revenue ?? '0'),
    stakersFarWei: BigInt(sales?.stakers ?? '0') + BigInt(resales?.stakers ?? '0'),
  };
}
