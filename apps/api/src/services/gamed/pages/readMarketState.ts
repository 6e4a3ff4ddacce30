import { type Db, gamedChainListings, gamedChainPurchases } from '@far/db';
import { and, asc, desc, eq } from 'drizzle-orm';
import { getAddress } from 'viem';

/**
 * A game's open resale listings, cheapest first, from the chain follower's mirror.
 *
 * @param contract - the GameLicenses address, lowercase.
 */
export async function readOpenListings(db: Db, contract: string, gameId: string) {
  const rows = await db
    .select()
    .from(gamedChainListings)
    .where(
      and(
        eq(gamedChainListings.contractAddress, contract),
        eq(gamedChainListings.gameId, gameId),
        eq(gamedChainListings.status, 'open'),
      ),
    )
    .orderBy(asc(gamedChainListings.priceWei))
    .limit(50);
  return rows.map((row) => ({
    listingId: row.listingId,
    seller: getAddress(row.sellerAddress),
    priceWei: row.priceWei.toString(),
  }));
}

/**
 * The wallet's purchases still inside their refund window or held, newest first per game, from
 * the chain follower's mirror: what the library offers to refund.
 *
 * @returns the latest held purchase of each game, keyed by game id.
 */
export async function readHeldPurchases(db: Db, contract: string, wallet: string) {
  const rows = await db
    .select()
    .from(gamedChainPurchases)
    .where(
      and(
        eq(gamedChainPurchases.contractAddress, contract),
        eq(gamedChainPurchases.buyerAddress, wallet.toLowerCase()),
        eq(gamedChainPurchases.status, 'held'),
      ),
    )
    .orderBy(desc(gamedChainPurchases.purchasedAt));
  const latest = new Map<string, { purchaseId: string; refundableUntil: string; priceWei: string }>();
  for (const row of rows) {
    if (latest.has(row.gameId)) continue;
    latest.set(row.gameId, {
      purchaseId: row.purchaseId,
      refundableUntil: row.refundableUntil.toISOString(),
      priceWei: row.priceWei.toString(),
    });
  }
  return latest;
}
