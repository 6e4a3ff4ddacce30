import type { GamedGamePage } from '@far/db';
import type { z } from '@hono/zod-openapi';
import { getAddress } from 'viem';
import type { GamedChain, GameSales, GameTerms } from '../GamedChain.js';
import type { GameSchema } from './gamePageSchemas.js';

export type GameView = z.infer<typeof GameSchema>;

const noSales: GameSales = { sold: 0, refunded: 0, grossWei: 0n };

/** A page with its on-chain terms and sales, as the store shows it. */
function toGameView(page: GamedGamePage, terms: GameTerms, sales: GameSales): GameView {
  return {
    id: page.id,
    chainGameId: page.chainGameId ?? '',
    licensesAddress: page.licensesAddress,
    slug: page.slug,
    title: page.title,
    tagline: page.tagline,
    description: page.description,
    genres: page.genres,
    coverUrl: page.coverUrl,
    screenshotUrls: page.screenshotUrls,
    studio: { wallet: getAddress(page.studioWallet), name: page.studioName, website: page.studioWebsite },
    priceWei: terms.priceWei.toString(),
    royaltyBps: terms.royaltyBps,
    soulbound: terms.soulbound,
    sold: sales.sold - sales.refunded,
    createdAt: page.createdAt.toISOString(),
  };
}

/**
 * Joins pages with their terms and sales read from chain, in one read of each for all pages.
 * A page whose game the chain does not know (a reset local chain) is left out.
 *
 * @returns the views, in the order of `pages`.
 */
export async function describeGames(chain: GamedChain, pages: readonly GamedGamePage[]): Promise<GameView[]> {
  const linked = pages.filter((page) => page.chainGameId !== null);
  const ids = linked.map((page) => BigInt(page.chainGameId as string));
  const [terms, sales] = await Promise.all([chain.gameTerms(ids), chain.gameSales(ids)]);
  return linked.flatMap((page) => {
    const id = page.chainGameId as string;
    const gameTerms = terms.get(id);
    return gameTerms ? [toGameView(page, gameTerms, sales.get(id) ?? noSales)] : [];
  });
}

/**
 * One page with its game's terms and sales, as the game page shows it. Unlike
 * {@link describeGames}, a game the chain mirror has not indexed yet (registered moments ago) is read
 * from the contract, so a studio's new page shows at once (with no sales yet).
 *
 * @returns the view, or undefined when the page has no game or the chain does not know it.
 */
export async function describeOneGame(chain: GamedChain, page: GamedGamePage): Promise<GameView | undefined> {
  if (page.chainGameId === null) return undefined;
  const id = BigInt(page.chainGameId);
  const [terms, sales] = await Promise.all([chain.registeredGame(id), chain.gameSales([id])]);
  return terms ? toGameView(page, terms, sales.get(page.chainGameId) ?? noSales) : undefined;
}
