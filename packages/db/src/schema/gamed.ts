import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { users } from './users.js';

/**
 * Far GameD's store page for a game: what the chain does not hold (title, text, art, the studio's
 * profile). The price, royalty, transfer rule and builds' hashes live on chain (`GameLicenses`,
 * mirrored in gamedChain.ts); `chain_game_id` links the page to the licence token id once the
 * studio has registered the game there.
 */
export const gamedGamePages = pgTable(
  'gamed_game_pages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The `GameLicenses` token id as a decimal string (a uint256); null until linked. */
    chainGameId: varchar('chain_game_id', { length: 78 }),
    /**
     * The `GameLicenses` contract the page belongs to, lowercase: a redeployed contract (a reset
     * local chain) numbers its games from 1 again, so pages are keyed by contract and game id.
     */
    licensesAddress: varchar('licenses_address', { length: 42 }).notNull(),
    /** The studio's wallet, lowercase: only it may edit the page or upload builds. */
    studioWallet: varchar('studio_wallet', { length: 42 }).notNull(),
    studioUserId: uuid('studio_user_id')
      .notNull()
      .references(() => users.id),
    studioName: varchar('studio_name', { length: 80 }).notNull(),
    studioWebsite: text('studio_website'),
    slug: varchar('slug', { length: 80 }).notNull(),
    title: varchar('title', { length: 120 }).notNull(),
    tagline: varchar('tagline', { length: 200 }).notNull().default(''),
    description: text('description').notNull().default(''),
    genres: jsonb('genres').$type<string[]>().notNull().default([]),
    coverUrl: text('cover_url'),
    screenshotUrls: jsonb('screenshot_urls').$type<string[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('uq_gamed_pages_game').on(t.licensesAddress, t.chainGameId),
    uniqueIndex('uq_gamed_pages_slug').on(t.licensesAddress, t.slug),
    index('idx_gamed_pages_studio').on(t.studioWallet),
    index('idx_gamed_pages_created').on(t.createdAt),
    check('gamed_pages_studio_wallet_lowercase', sql`${t.studioWallet} ~ '^0x[0-9a-f]{40}$'`),
  ],
);

/**
 * A build file uploaded in parts. The SHA-256 is computed as the parts arrive, in order; its
 * running state is kept here so any replica can take the next part.
 */
export const gamedBuildUploads = pgTable(
  'gamed_build_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pageId: uuid('page_id')
      .notNull()
      .references(() => gamedGamePages.id),
    platform: text('platform').$type<GamedPlatform>().notNull(),
    fileName: varchar('file_name', { length: 200 }).notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    partSizeBytes: integer('part_size_bytes').notNull(),
    /** The next part number expected (1-based); parts arrive in order. */
    nextPart: integer('next_part').notNull().default(1),
    receivedBytes: bigint('received_bytes', { mode: 'number' }).notNull().default(0),
    /** The resumable SHA-256 state after the parts received so far. */
    hashState: jsonb('hash_state').$type<Record<string, unknown>>().notNull(),
    /** Hex SHA-256 of the whole file, set when the upload completes. */
    sha256: varchar('sha256', { length: 64 }),
    storageKey: text('storage_key').notNull(),
    status: text('status').$type<GamedUploadStatus>().notNull().default('uploading'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [
    index('idx_gamed_uploads_page').on(t.pageId, t.platform),
    index('idx_gamed_uploads_sha').on(t.sha256),
  ],
);

/** Every download a holder started: who, which build, when. */
export const gamedDownloads = pgTable(
  'gamed_downloads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    pageId: uuid('page_id')
      .notNull()
      .references(() => gamedGamePages.id),
    uploadId: uuid('upload_id')
      .notNull()
      .references(() => gamedBuildUploads.id),
    userId: uuid('user_id').references(() => users.id),
    wallet: varchar('wallet', { length: 42 }).notNull(),
    platform: text('platform').$type<GamedPlatform>().notNull(),
    sha256: varchar('sha256', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('idx_gamed_downloads_page').on(t.pageId, t.createdAt),
    index('idx_gamed_downloads_wallet').on(t.wallet),
  ],
);

export type GamedPlatform = 'windows' | 'macos' | 'linux' | 'web';
export type GamedUploadStatus = 'uploading' | 'complete' | 'aborted';
export type GamedGamePage = typeof gamedGamePages.$inferSelect;
export type GamedBuildUpload = typeof gamedBuildUploads.$inferSelect;
