import type { Address } from 'viem';
import { apiClient, bearer } from '../api/apiClient';
import type { components } from '../api/apiSchema.generated';
import { readApiData } from '../api/readApiData';

// Far GameD's API calls, typed from the API's own OpenAPI document. Wei strings become bigint and
// timestamps Date here, once, so components never parse a wire value.

type Schemas = components['schemas'];

const date = (value: string) => new Date(value);

const toGame = (game: Schemas['GamedGame']) => ({
  ...game,
  chainGameId: BigInt(game.chainGameId),
  licensesAddress: game.licensesAddress as Address,
  studio: { ...game.studio, wallet: game.studio.wallet as Address },
  priceWei: BigInt(game.priceWei),
  createdAt: date(game.createdAt),
});
export type Game = ReturnType<typeof toGame>;

const toGameDetail = (game: Schemas['GamedGameDetail']) => ({
  ...toGame(game),
  builds: game.builds.map((build) => ({ ...build, publishedAt: date(build.publishedAt) })),
  listings: game.listings.map((listing) => ({
    listingId: BigInt(listing.listingId),
    seller: listing.seller as Address,
    priceWei: BigInt(listing.priceWei),
  })),
});
export type GameDetail = ReturnType<typeof toGameDetail>;

export type CatalogueFilter = {
  q?: string | undefined;
  genre?: string | undefined;
  sort?: 'newest' | 'best_selling' | 'price_low' | 'price_high' | undefined;
  maxPriceWei?: bigint | undefined;
};

/** The store's catalogue, filtered and sorted. */
export function fetchCatalogue(filter: CatalogueFilter) {
  const query = {
    ...(filter.q ? { q: filter.q } : {}),
    ...(filter.genre ? { genre: filter.genre as never } : {}),
    ...(filter.sort ? { sort: filter.sort } : {}),
    ...(filter.maxPriceWei !== undefined ? { maxPriceWei: filter.maxPriceWei.toString() } : {}),
  };
  return readApiData(apiClient.GET('/api/gamed/games', { params: { query } }), (body) => ({
    games: body.data.map(toGame),
    total: body.total,
  }));
}

/** One game by id or slug, with its builds and open listings. */
export function fetchGame(ref: string) {
  return readApiData(apiClient.GET('/api/gamed/games/{ref}', { params: { path: { ref } } }), toGameDetail);
}

/** The signed-in wallet's games, each with its refundable purchase if any. */
export function fetchLibrary(accessToken: string) {
  return readApiData(apiClient.GET('/api/gamed/library', { headers: bearer(accessToken) }), (body) =>
    body.data.map((game) => ({
      ...toGameDetail(game),
      purchase: game.purchase
        ? {
            purchaseId: BigInt(game.purchase.purchaseId),
            refundableUntil: date(game.purchase.refundableUntil),
            priceWei: BigInt(game.purchase.priceWei),
          }
        : null,
    })),
  );
}
export type LibraryGame = Awaited<ReturnType<typeof fetchLibrary>>[number];

/** The studio's games with sales, refunds, gross and downloads. */
export function fetchStudioGames(accessToken: string) {
  return readApiData(apiClient.GET('/api/gamed/studio/games', { headers: bearer(accessToken) }), (body) =>
    body.data.map((game) => ({
      ...toGame(game),
      stats: { ...game.stats, grossWei: BigInt(game.stats.grossWei) },
    })),
  );
}
export type StudioGame = Awaited<ReturnType<typeof fetchStudioGames>>[number];

type LedgerPurchase = Schemas['GamedStudioLedger']['sales'][number];
const toLedgerPurchase = (sale: LedgerPurchase) => ({
  ...sale,
  purchaseId: BigInt(sale.purchaseId),
  gameId: BigInt(sale.gameId),
  buyer: sale.buyer as Address,
  priceWei: BigInt(sale.priceWei),
  purchasedAt: date(sale.purchasedAt),
  refundableUntil: date(sale.refundableUntil),
  refundedAt: sale.refundedAt === null ? null : date(sale.refundedAt),
  settledAt: sale.settledAt === null ? null : date(sale.settledAt),
  studioShareWei: sale.studioShareWei === null ? null : BigInt(sale.studioShareWei),
});
export type LedgerSale = ReturnType<typeof toLedgerPurchase>;

/**
 * The studio's ledger from the API's chain mirror: withdrawable balance, sales due for settlement,
 * the newest sales (refunds included), resale royalties and withdrawals.
 */
export function fetchStudioLedger(accessToken: string) {
  return readApiData(apiClient.GET('/api/gamed/studio/ledger', { headers: bearer(accessToken) }), (body) => ({
    balanceWei: BigInt(body.balanceWei),
    chainTime: date(body.chainTime),
    due: body.due.map(toLedgerPurchase),
    sales: body.sales.map(toLedgerPurchase),
    royalties: body.royalties.map((row) => ({
      ...row,
      gameId: BigInt(row.gameId),
      priceWei: BigInt(row.priceWei),
      royaltyWei: BigInt(row.royaltyWei),
      soldAt: row.soldAt === null ? null : date(row.soldAt),
    })),
    withdrawals: body.withdrawals.map((row) => ({
      ...row,
      amountWei: BigInt(row.amountWei),
      withdrawnAt: date(row.withdrawnAt),
    })),
  }));
}
export type StudioLedger = Awaited<ReturnType<typeof fetchStudioLedger>>;

/** The store's settings: the GameLicenses address, the upload part size, the platforms' rules. */
export function fetchStoreSettings() {
  return readApiData(apiClient.GET('/api/gamed/store'), (body) => ({
    ...body,
    licensesAddress: body.licensesAddress as Address | null,
  }));
}

export type NewGamePage = {
  chainGameId: bigint;
  slug: string;
  title: string;
  tagline: string;
  description: string;
  genres: string[];
  coverUrl: string | null;
  studioName: string;
};

/** Creates the page of a game the studio just registered on chain. */
export function createGamePage(accessToken: string, page: NewGamePage) {
  return readApiData(
    apiClient.POST('/api/gamed/games', {
      headers: bearer(accessToken),
      body: { ...page, chainGameId: page.chainGameId.toString(), genres: page.genres as never },
    }),
    toGameDetail,
  );
}

/** What a studio can change on its game's page (everything but the on-chain terms). */
export type GamePageEdit = {
  title: string;
  tagline: string;
  description: string;
  genres: string[];
  coverUrl: string | null;
  screenshotUrls: string[];
  studioName: string;
};

/** Saves an edit of one of the studio's pages. */
export function updateGamePage(accessToken: string, pageId: string, edit: GamePageEdit) {
  return readApiData(
    apiClient.PATCH('/api/gamed/games/{pageId}', {
      headers: bearer(accessToken),
      params: { path: { pageId } },
      body: { ...edit, genres: edit.genres as never },
    }),
    toGameDetail,
  );
}

/** A signed download URL for a game's build, issued only to a licence holder. */
export function requestDownload(accessToken: string, pageId: string, platform: string) {
  return readApiData(
    apiClient.POST('/api/gamed/games/{pageId}/download', {
      headers: bearer(accessToken),
      params: { path: { pageId } },
      body: { platform: platform as never },
    }),
    (body) => ({ ...body, expiresAt: date(body.expiresAt) }),
  );
}
