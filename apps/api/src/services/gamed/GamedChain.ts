import type { GamedPlatform } from '@far/db';

/** A build as `GameLicenses` records it: what a download must match. */
export type PublishedBuild = { sha256: string; sizeBytes: number; version: number; publishedAt: Date };

/** A game's terms on chain. */
export type GameTerms = {
  studio: `0x${string}`;
  priceWei: bigint;
  royaltyBps: number;
  soulbound: boolean;
};

/** A game's sales so far: licences sold and refunded, and what buyers paid net of refunds. */
export type GameSales = { sold: number; refunded: number; grossWei: bigint };

/**
 * What Far GameD's routes know of `GameLicenses`: a game's terms and studio, its published builds, its
 * sales, who holds its licences, and whether a wallet holds one now. `createGamedChain` answers from
 * the chain follower's mirror, and `holdsLicense` and `registeredGame` from the contract itself when
 * the mirror is behind.
 */
export type GamedChain = {
  /** The deployed `GameLicenses` address, lowercase: pages are keyed by it. */
  licensesAddress: `0x${string}`;
  /** The terms of each registered game among `gameIds`, keyed by the id in decimal; unknown ids are left out. */
  gameTerms(gameIds: readonly bigint[]): Promise<Map<string, GameTerms>>;
  /**
   * One game's terms, from the mirror or, when the follower has not indexed the game yet (registered
   * moments ago), from the contract itself; undefined when the game is not registered at all.
   */
  registeredGame(gameId: bigint): Promise<GameTerms | undefined>;
  /** The current build of a game for each platform that has one. */
  publishedBuilds(gameId: bigint): Promise<Partial<Record<GamedPlatform, PublishedBuild>>>;
  /** Sales of each of `gameIds`, keyed by the id in decimal (zero sales included). */
  gameSales(gameIds: readonly bigint[]): Promise<Map<string, GameSales>>;
  /** True while `wallet` holds the game's licence: a transfer or refund ends it at once. */
  holdsLicense(gameId: bigint, wallet: `0x${string}`): Promise<boolean>;
  /** Which of `gameIds` `wallet` holds a licence of, as the mirror last saw it, as decimal ids. */
  licensesHeldBy(wallet: `0x${string}`, gameIds: readonly bigint[]): Promise<Set<string>>;
  /** The latest block's time: refund windows close on the chain's clock, not the server's. */
  chainTime(): Promise<Date>;
};
