import { type Db, gamedChainGames, gamedChainPurchases, gamedGamePages } from '@far/db';
import type { z } from '@hono/zod-openapi';
import { and, asc, desc, eq, ilike, lte, or, type SQL, sql } from 'drizzle-orm';
import type { GamedChain } from '../GamedChain.js';
import { describeGames, type GameView } from './describeGames.js';
import type { CatalogueQuerySchema } from './gamePageSchemas.js';

type CatalogueQuery = z.infer<typeof CatalogueQuerySchema>;

/** `%`, `_` and `\` match literally in a search. */
const likePattern = (words: string) => `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** A page's game in the chain mirror (one `GameLicenses` per page, keyed by its address). */
const pageTerms = and(
  eq(gamedChainGames.contractAddress, gamedGamePages.licensesAddress),
  eq(gamedChainGames.gameId, gamedGamePages.chainGameId),
);

/** Licences sold per game of `contract`, net of refunds, from the chain mirror. */
function salesOf(db: Db, contract: string) {
  return db
    .select({
      gameId: gamedChainPurchases.gameId,
      sold: sql<number>`count(*) filter (where ${gamedChainPurchases.status} <> 'refunded')`.as('sold'),
    })
    .from(gamedChainPurchases)
    .where(eq(gamedChainPurchases.contractAddress, contract))
    .groupBy(gamedChainPurchases.gameId)
    .as('sales');
}

/**
 * The store's catalogue: games of this `GameLicenses` deployment matching the search, genre and
 * price, in the order asked for, one page of them. Prices and sales come from the chain follower's
 * mirror joined in SQL, so the filter, the sort and the paging happen in the database.
 *
 * @returns the games on the page and how many match in all.
 */
export async function listCatalogue(
  db: Db,
  chain: GamedChain,
  query: CatalogueQuery,
): Promise<{ data: GameView[]; total: number }> {
  const sales = salesOf(db, chain.licensesAddress);
  const sold = sql<number>`coalesce(${sales.sold}, 0)`;
  const filters: (SQL | undefined)[] = [eq(gamedGamePages.licensesAddress, chain.licensesAddress)];
  if (query.q) {
    const pattern = likePattern(query.q);
    filters.push(
      or(
        ilike(gamedGamePages.title, pattern),
        ilike(gamedGamePages.tagline, pattern),
        ilike(gamedGamePages.studioName, pattern),
      ),
    );
  }
  if (query.genre) filters.push(sql`${gamedGamePages.genres} @> ${JSON.stringify([query.genre])}::jsonb`);
  if (query.maxPriceWei !== undefined) filters.push(lte(gamedChainGames.priceWei, BigInt(query.maxPriceWei)));
  const orderings: Record<CatalogueQuery['sort'], SQL[]> = {
    newest: [desc(gamedGamePages.createdAt)],
    best_selling: [desc(sold), desc(gamedGamePages.createdAt)],
    price_low: [asc(gamedChainGames.priceWei), asc(gamedGamePages.title)],
    price_high: [desc(gamedChainGames.priceWei), asc(gamedGamePages.title)],
  };
  const rows = await db
    .select({ page: gamedGamePages, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(gamedGamePages)
    // A page whose game the mirror does not know (a reset local chain) is not for sale.
    .innerJoin(gamedChainGames, pageTerms)
    .leftJoin(sales, eq(sales.gameId, gamedGamePages.chainGameId))
    .where(and(...filters))
    .orderBy(...orderings[query.sort], asc(gamedGamePages.id))
    .limit(query.limit)
    .offset(query.offset);
  const data = await describeGames(
    chain,
    rows.map((row) => row.page),
  );
  // Past the last page there is no row to carry the window's count: count again, once.
  const total = rows[0]?.total ?? (query.offset === 0 ? 0 : await countMatches(db, filters));
  return { data, total };
}

/** How many pages match `filters` (the catalogue's join without the sales). */
async function countMatches(db: Db, filters: (SQL | undefined)[]) {
  const [row] = await db
    .select({ total: sql<number>`count(*)`.mapWith(Number) })
    .from(gamedGamePages)
    .innerJoin(gamedChainGames, pageTerms)
    .where(and(...filters));
  return row?.total ?? 0;
}
