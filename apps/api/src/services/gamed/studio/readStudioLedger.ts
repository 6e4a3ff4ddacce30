import {
  type Db,
  gamedChainGames,
  gamedChainListings,
  gamedChainPurchases,
  gamedChainWithdrawals,
} from '@far/db';
import { and, desc, eq, lte, sql } from 'drizzle-orm';

/** How many of the newest sales, royalties and withdrawals the dashboard lists. */
const LISTED_ROWS = 50;
/** The most purchases one "settle" transaction is offered (the oldest due first). */
const DUE_ROWS = 200;

/** A sum of a wei column read back as exact text, 0 when there are no rows. */
const sumWei = (column: unknown) => sql<string>`coalesce(sum(${column}), 0)::text`;

/**
 * A studio's money in Far GameD, from the chain follower's mirror: what it can withdraw now (settled
 * sales' studio shares and resale royalties, less its withdrawals — what `studioBalance` holds on
 * chain once the mirror is current), the held purchases whose refund window has closed on the chain's
 * clock (settling them moves their share to the balance), and its newest sales (refunds included, by
 * status), resale royalties and withdrawals.
 *
 * @param db - the database holding the mirror.
 * @param contract - the GameLicenses address, lowercase.
 * @param studio - the studio's wallet.
 * @param chainTime - the latest block's time: a purchase is due once its window closed before it.
 * @example
 * const ledger = await readStudioLedger(db, chain.licensesAddress, caller.walletAddress, await chain.chainTime());
 */
export async function readStudioLedger(db: Db, contract: string, studio: string, chainTime: Date) {
  const wallet = studio.toLowerCase();
  const studioGames = and(
    eq(gamedChainGames.contractAddress, contract),
    eq(gamedChainGames.studioAddress, wallet),
  );
  const purchasesOfGames = and(
    eq(gamedChainGames.contractAddress, gamedChainPurchases.contractAddress),
    eq(gamedChainGames.gameId, gamedChainPurchases.gameId),
  );
  const listingsOfGames = and(
    eq(gamedChainGames.contractAddress, gamedChainListings.contractAddress),
    eq(gamedChainGames.gameId, gamedChainListings.gameId),
  );
  const [[settled], [royalties], [withdrawn], due, sales, resales, withdrawals] = await Promise.all([
    db
      .select({ wei: sumWei(gamedChainPurchases.studioShareWei) })
      .from(gamedChainPurchases)
      .innerJoin(gamedChainGames, purchasesOfGames)
      .where(and(studioGames, eq(gamedChainPurchases.status, 'settled'))),
    db
      .select({ wei: sumWei(gamedChainListings.royaltyWei) })
      .from(gamedChainListings)
      .innerJoin(gamedChainGames, listingsOfGames)
      .where(and(studioGames, eq(gamedChainListings.status, 'sold'))),
    db
      .select({ wei: sumWei(gamedChainWithdrawals.amountWei) })
      .from(gamedChainWithdrawals)
      .where(
        and(
          eq(gamedChainWithdrawals.contractAddress, contract),
          eq(gamedChainWithdrawals.studioAddress, wallet),
        ),
      ),
    db
      .select({ purchase: gamedChainPurchases })
      .from(gamedChainPurchases)
      .innerJoin(gamedChainGames, purchasesOfGames)
      .where(
        and(
          studioGames,
          eq(gamedChainPurchases.status, 'held'),
          lte(gamedChainPurchases.refundableUntil, chainTime),
        ),
      )
      .orderBy(gamedChainPurchases.refundableUntil)
      .limit(DUE_ROWS),
    db
      .select({ purchase: gamedChainPurchases })
      .from(gamedChainPurchases)
      .innerJoin(gamedChainGames, purchasesOfGames)
      .where(studioGames)
      .orderBy(desc(gamedChainPurchases.purchasedAt), desc(gamedChainPurchases.purchaseId))
      .limit(LISTED_ROWS),
    db
      .select({ listing: gamedChainListings })
      .from(gamedChainListings)
      .innerJoin(gamedChainGames, listingsOfGames)
      .where(and(studioGames, eq(gamedChainListings.status, 'sold')))
      .orderBy(desc(gamedChainListings.closedAt))
      .limit(LISTED_ROWS),
    db
      .select()
      .from(gamedChainWithdrawals)
      .where(
        and(
          eq(gamedChainWithdrawals.contractAddress, contract),
          eq(gamedChainWithdrawals.studioAddress, wallet),
        ),
      )
      .orderBy(desc(gamedChainWithdrawals.withdrawnAt))
      .limit(LISTED_ROWS),
  ]);
  return {
    balanceWei: BigInt(settled?.wei ?? '0') + BigInt(royalties?.wei ?? '0') - BigInt(withdrawn?.wei ?? '0'),
    due: due.map(({ purchase }) => purchase),
    sales: sales.map(({ purchase }) => purchase),
    royalties: resales.map(({ listing }) => listing),
    withdrawals,
  };
}

export type StudioLedger = Awaited<ReturnType<typeof readStudioLedger>>;
