import { z } from '@hono/zod-openapi';
import { PlatformSchema } from '../gamedWire.js';

/** The genres a game can be filed under; the catalogue filters by them. */
const gamedGenres = [
  'action',
  'adventure',
  'arcade',
  'casual',
  'platformer',
  'puzzle',
  'racing',
  'rpg',
  'shooter',
  'simulation',
  'sports',
  'strategy',
] as const;

const weiString = z
  .string()
  .regex(/^\d{1,78}$/)
  .openapi({ description: 'FAR in wei, as a decimal string' });
const imageUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** What a studio writes on its game's page (everything but the on-chain terms), without defaults. */
const pageFields = {
  slug: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters, digits and single dashes')
    .max(80)
    .openapi({ example: 'star-courier' }),
  title: z.string().trim().min(1).max(120),
  tagline: z.string().trim().max(200),
  description: z.string().max(20_000),
  genres: z.array(z.enum(gamedGenres)).max(4),
  coverUrl: imageUrl.nullable(),
  screenshotUrls: z.array(imageUrl).max(8),
  studioName: z.string().trim().min(1).max(80),
  studioWebsite: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable(),
};

export const CreateGamePageSchema = z.object({
  ...pageFields,
  tagline: pageFields.tagline.default(''),
  description: pageFields.description.default(''),
  genres: pageFields.genres.default([]),
  coverUrl: pageFields.coverUrl.default(null),
  screenshotUrls: pageFields.screenshotUrls.default([]),
  studioWebsite: pageFields.studioWebsite.default(null),
  chainGameId: z
    .string()
    .regex(/^[1-9]\d{0,77}$/)
    .openapi({ description: 'The id registerGame returned: your wallet must be its studio on chain' }),
});

/** An edit: only the fields sent change. */
export const UpdateGamePageSchema = z.object(pageFields).partial();

const BuildSchema = z.object({
  platform: PlatformSchema,
  sha256: z.string().openapi({ description: 'The SHA-256 GameLicenses records: a download must match it' }),
  sizeBytes: z.number().int(),
  version: z.number().int(),
  publishedAt: z.iso.datetime(),
});

export const GameSchema = z
  .object({
    id: z.uuid(),
    chainGameId: z.string(),
    licensesAddress: z.string(),
    slug: z.string(),
    title: z.string(),
    tagline: z.string(),
    description: z.string(),
    genres: z.array(z.string()),
    coverUrl: z.string().nullable(),
    screenshotUrls: z.array(z.string()),
    studio: z.object({ wallet: z.string(), name: z.string(), website: z.string().nullable() }),
    priceWei: weiString,
    royaltyBps: z.number().int(),
    soulbound: z.boolean(),
    sold: z.number().int(),
    createdAt: z.iso.datetime(),
  })
  .openapi('GamedGame');

const ListingSchema = z.object({ listingId: z.string(), seller: z.string(), priceWei: weiString });

export const GameDetailSchema = GameSchema.extend({
  builds: z.array(BuildSchema),
  listings: z.array(ListingSchema).openapi({ description: 'Open resale listings, cheapest first' }),
}).openapi('GamedGameDetail');

/** A game in the player's library: its latest purchase still held, refundable until `refundableUntil`. */
export const LibraryGameSchema = GameDetailSchema.extend({
  purchase: z
    .object({ purchaseId: z.string(), refundableUntil: z.iso.datetime(), priceWei: weiString })
    .nullable(),
}).openapi('GamedLibraryGame');

export const CatalogueQuerySchema = z.object({
  q: z.string().trim().max(100).optional().openapi({ description: 'Words in the title, tagline or studio' }),
  genre: z.enum(gamedGenres).optional(),
  maxPriceWei: weiString.optional(),
  sort: z.enum(['newest', 'best_selling', 'price_low', 'price_high']).default('newest'),
  limit: z.coerce.number().int().min(1).max(100).default(24),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
});
