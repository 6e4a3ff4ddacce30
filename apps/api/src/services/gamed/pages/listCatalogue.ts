import { type Db, gamedGamePages } from '@far/db';
import type { z } from '@hono/zod-openapi';
import { and, desc, eq, ilike, isNotNull, or, type SQL, sql } from 'drizzle-orm';
import type { GamedChain } from '../GamedChain.js';
import { describeGames, type GameView } from './describeGames.js';
import type { CatalogueQuerySchema } from './gamePageSchemas.js';

/**
 * How many pages one catalogue query considers. Price and sales live on chain, so sorting by
 * them happens after the read; a store past this size needs the chain mirror joined in SQL.
 */
const CATALOGUE_SCAN_LIMIT = 500;

const compareBigint = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);

const orderings: Record<z.infer<typeof CatalogueQuerySchema>['sort'], (a: GameView, b: GameView) => number> =
  {
    newest: (a, b) => b.createdAt.localeCompare(a.createdAt),
    best_selling: (a, b) => b.sold - a.sold || b.createdAt.localeCompare(a.createdAt),
    price_low: (a, b) =>
      compareBigint(BigInt(a.priceWei), BigInt(b.priceWei)) || a.title.localeCompare(b.title),
    price_high: (a, b) =>
      compareBigint(BigInt(b.priceWei), BigInt(a.priceWei)) || a.title.localeCompare(b.title),
  };

/** `%`, `_` and `\` match literally in a search. */
const likePattern = (words: string) => `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The store's catalogue: games of this `GameLicenses` deployment matching the search, genre and
 * price, in the order asked for, one page of them.
 *
 * @returns the games on the page and how many match in all.
 */
export async function listCatalogue(
  db: Db,
  chain: GamedChain,
  query: z.infer<typeof CatalogueQuerySchema>,
): Promise<{ data: GameView[]; total: number }> {
  const filters: (SQL | undefined)[] = [
    eq(gamedGamePages.licensesAddress, chain.licensesAddress),
    isNotNull(gamedGamePages.chainGameId),
  ];
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
  const pages = await db
    .select()
    .from(gamedGamePages)
    .where(and(...filters))
    .orderBy(desc(gamedGamePages.createdAt))
    .limit(CATALOGUE_SCAN_LIMIT);
  const maxPrice = query.maxPriceWei === undefined ? undefined : BigInt(query.maxPriceWei);
  const games = (await describeGames(chain, pages))
    .filter((game) => maxPrice === undefined || BigInt(game.priceWei) <= maxPrice)
    .sort(orderings[query.sort]);
  return { data: games.slice(query.offset, query.offset + query.limit), total: games.length };
}
