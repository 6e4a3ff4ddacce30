import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  varchar,
} from 'drizzle-orm/pg-core';
import type { GamedPlatform } from './gamed.js';
import { wei } from './wei.js';

// Far GameD's chain mirror: what GameLicenses holds, as the gamed chain follower reads it from the
// contract's events. Every row is a projection of the chain (addresses lowercase, keyed by the contract's
// address so a redeployed contract never mixes with the old one, ids as decimal strings): the follower
// deletes and rebuilds a contract's rows when the chain's history changes under its cursor.

/** A purchase's state: held for its refund window, refunded (licence burnt), or settled into shares. */
export type GamedPurchaseStatus = 'held' | 'refunded' | 'settled';
/** A listing's state: open, cancelled (by its seller, or by their refund), or sold (a resale). */
export type GamedListingStatus = 'open' | 'cancelled' | 'sold';

/** One registered game: its studio and terms. */
export const gamedChainGames = pgTable(
  'gamed_chain_games',
  {
    contractAddress: varchar('contract_address', { length: 42 }).notNull(),
    gameId: varchar('game_id', { length: 78 }).notNull(),
    studioAddress: varchar('studio_address', { length: 42 }).notNull(),
    priceWei: wei('price_wei').notNull(),
    royaltyBps: integer('royalty_bps').notNull(),
    soulbound: boolean('soulbound').notNull(),
    metadataUri: text('metadata_uri').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true }).notNull(),
    registeredTransactionHash: varchar('registered_transaction_hash', { length: 66 }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: 'gamed_chain_games_pk', columns: [t.contractAddress, t.gameId] }),
    index('idx_gamed_chain_games_studio').on(t.studioAddress),
  ],
);

/** Every build a studio published: the latest version per platform is what a download must match. */
export const gamedChainBuilds = pgTable(
  'gamed_chain_builds',
  {
    contractAddress: varchar('contract_address', { length: 42 }).notNull(),
    gameId: varchar('game_id', { length: 78 }).notNull(),
    platform: text('platform').$type<GamedPlatform>().notNull(),
    version: integer('version').notNull(),
    /** SHA-256 of the build file, 64 lowercase hex digits without 0x (as sha256sum prints it). */
    sha256: varchar('sha256', { length: 64 }).notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    uri: text('uri').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull(),
    transactionHash: varchar('transaction_hash', { length: 66 }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'gamed_chain_builds_pk',
      columns: [t.contractAddress, t.gameId, t.platform, t.version],
    }),
  ],
);

/** One primary sale, from purchase to refund or settlement. */
export const gamedChainPurchases = pgTable(
  'gamed_chain_purchases',
  {
    contractAddress: varchar('contract_address', { length: 42 }).notNull(),
    purchaseId: varchar('purchase_id', { length: 78 }).notNull(),
    gameId: varchar('game_id', { length: 78 }).notNull(),
    buyerAddress: varchar('buyer_address', { length: 42 }).notNull(),
    priceWei: wei('price_wei').notNull(),
    refundableUntil: timestamp('refundable_until', { withTimezone: true }).notNull(),
    status: text('status').$type<GamedPurchaseStatus>().notNull(),
    purchasedAt: timestamp('purchased_at', { withTimezone: true }).notNull(),
    purchaseTransactionHash: varchar('purchase_transaction_hash', { length: 66 }).notNull(),
    refundedAt: timestamp('refunded_at', { withTimezone: true }),
    settledAt: timestamp('settled_at', { withTimezone: true }),
    studioShareWei: wei('studio_share_wei'),
    stakersShareWei: wei('stakers_share_wei'),
    treasuryShareWei: wei('treasury_share_wei'),
  },
  (t) => [
    primaryKey({ name: 'gamed_chain_purchases_pk', columns: [t.contractAddress, t.purchaseId] }),
    index('idx_gamed_chain_purchases_game').on(t.contractAddress, t.gameId),
    index('idx_gamed_chain_purchases_buyer').on(t.buyerAddress),
    index('idx_gamed_chain_purchases_due').on(t.status, t.refundableUntil),
  ],
);

/** Who holds a licence now (one per wallet per game), from the token's mints, burns and marketplace moves. */
export const gamedChainLicences = pgTable(
  'gamed_chain_licences',
  {
    contractAddress: varchar('contract_address', { length: 42 }).notNull(),
    gameId: varchar('game_id', { length: 78 }).notNull(),
    holderAddress: varchar('holder_address', { length: 42 }).notNull(),
    acquiredAt: timestamp('acquired_at', { withTimezone: true }).notNull(),
    acquiredTransactionHash: varchar('acquired_transaction_hash', { length: 66 }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'gamed_chain_licences_pk',
      columns: [t.contractAddress, t.gameId, t.holderAddress],
    }),
    index('idx_gamed_chain_licences_holder').on(t.holderAddress),
  ],
);

/** One marketplace listing; a sold one is a resale, with how its price was divided. */
export const gamedChainListings = pgTable(
  'gamed_chain_listings',
  {
    contractAddress: varchar('contract_address', { length: 42 }).notNull(),
    listingId: varchar('listing_id', { length: 78 }).notNull(),
    gameId: varchar('game_id', { length: 78 }).notNull(),
    sellerAddress: varchar('seller_address', { length: 42 }).notNull(),
    priceWei: wei('price_wei').notNull(),
    status: text('status').$type<GamedListingStatus>().notNull(),
    listedAt: timestamp('listed_at', { withTimezone: true }).notNull(),
    listedTransactionHash: varchar('listed_transaction_hash', { length: 66 }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    buyerAddress: varchar('buyer_address', { length: 42 }),
    royaltyWei: wei('royalty_wei'),
    stakersShareWei: wei('stakers_share_wei'),
    treasuryShareWei: wei('treasury_share_wei'),
    sellerProceedsWei: wei('seller_proceeds_wei'),
    soldTransactionHash: varchar('sold_transaction_hash', { length: 66 }),
  },
  (t) => [
    primaryKey({ name: 'gamed_chain_listings_pk', columns: [t.contractAddress, t.listingId] }),
    index('idx_gamed_chain_listings_game').on(t.contractAddress, t.gameId, t.status),
    index('idx_gamed_chain_listings_seller').on(t.sellerAddress),
  ],
);

/** What studios withdrew (settled sales and royalties), one row per withdrawal. */
export const gamedChainWithdrawals = pgTable(
  'gamed_chain_withdrawals',
  {
    contractAddress: varchar('contract_address', { length: 42 }).notNull(),
    transactionHash: varchar('transaction_hash', { length: 66 }).notNull(),
    logIndex: integer('log_index').notNull(),
    studioAddress: varchar('studio_address', { length: 42 }).notNull(),
    amountWei: wei('amount_wei').notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'gamed_chain_withdrawals_pk',
      columns: [t.contractAddress, t.transactionHash, t.logIndex],
    }),
    index('idx_gamed_chain_withdrawals_studio').on(t.studioAddress),
  ],
);

export type GamedChainGame = typeof gamedChainGames.$inferSelect;
export type GamedChainBuild = typeof gamedChainBuilds.$inferSelect;
export type GamedChainPurchase = typeof gamedChainPurchases.$inferSelect;
export type GamedChainListing = typeof gamedChainListings.$inferSelect;
