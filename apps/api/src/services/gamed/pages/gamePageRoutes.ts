import { type Db, gamedGamePages } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, eq, isNotNull, or } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { BaseError } from '../../../errors/BaseError.js';
import { validationError } from '../../../errors/toErrorResponse.js';
import type { AppEnv } from '../../../http/appEnv.js';
import { ErrorSchema, errorResponses, jsonBody, jsonRequestBody } from '../../../http/openapi.js';
import type { GamedChain } from '../GamedChain.js';
import { PagePathSchema } from '../gamedWire.js';
import { describeOneGame } from './describeGames.js';
import {
  CatalogueQuerySchema,
  CreateGamePageSchema,
  GameDetailSchema,
  GameSchema,
  LibraryGameSchema,
  UpdateGamePageSchema,
} from './gamePageSchemas.js';
import { listCatalogue } from './listCatalogue.js';
import { readHeldPurchases, readOpenListings } from './readMarketState.js';
import { createGamePage, updateGamePage } from './saveGamePage.js';

const catalogueRoute = createRoute({
  method: 'get',
  path: '/api/gamed/games',
  tags: ['gamed'],
  summary: 'The store catalogue: search, genre, price, newest or best-selling',
  request: { query: CatalogueQuerySchema },
  responses: {
    200: jsonBody(z.object({ data: z.array(GameSchema), total: z.number().int() }), 'Games'),
    ...errorResponses,
  },
});

const gameRoute = createRoute({
  method: 'get',
  path: '/api/gamed/games/{ref}',
  tags: ['gamed'],
  summary: "A game's page by id or slug, with its builds per platform and their on-chain hashes",
  request: { params: z.object({ ref: z.string().min(1).max(80) }) },
  responses: {
    200: jsonBody(GameDetailSchema, 'The game'),
    404: jsonBody(ErrorSchema, 'No such game'),
    ...errorResponses,
  },
});

const createPageRoute = createRoute({
  method: 'post',
  path: '/api/gamed/games',
  tags: ['gamed'],
  summary: 'Create the store page of a game you registered on chain (your wallet must be its studio)',
  security: [{ bearer: [] }],
  request: { body: jsonRequestBody(CreateGamePageSchema) },
  responses: {
    201: jsonBody(GameDetailSchema, 'The page'),
    403: jsonBody(ErrorSchema, 'Your wallet is not the game’s studio (reason not_studio)'),
    404: jsonBody(ErrorSchema, 'No such game on chain'),
    409: jsonBody(ErrorSchema, 'Slug or game already has a page (details.field)'),
    ...errorResponses,
  },
});

const updatePageRoute = createRoute({
  method: 'patch',
  path: '/api/gamed/games/{pageId}',
  tags: ['gamed'],
  summary: "Edit your game's page",
  security: [{ bearer: [] }],
  request: { params: PagePathSchema, body: jsonRequestBody(UpdateGamePageSchema) },
  responses: {
    200: jsonBody(GameDetailSchema, 'The page'),
    404: jsonBody(ErrorSchema, 'Not one of your games'),
    409: jsonBody(ErrorSchema, 'Slug taken'),
    ...errorResponses,
  },
});

const libraryRoute = createRoute({
  method: 'get',
  path: '/api/gamed/library',
  tags: ['gamed'],
  summary: 'The games your wallet holds a licence of now',
  security: [{ bearer: [] }],
  responses: {
    200: jsonBody(z.object({ data: z.array(LibraryGameSchema) }), 'Your games'),
    ...errorResponses,
  },
});

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The chain, or 503: the store has nothing to sell before `GameLicenses` is deployed. */
function requireChain(chain: GamedChain | undefined): GamedChain {
  if (!chain) throw new BaseError('service_unavailable', 'GameLicenses is not deployed on this network');
  return chain;
}

/** A page with its terms, sales, published builds and open resale listings. */
async function describeGame(db: Db, chain: GamedChain, page: typeof gamedGamePages.$inferSelect) {
  const game = await describeOneGame(chain, page);
  if (!game) throw new BaseError('not_found', 'No such game');
  const [builds, listings] = await Promise.all([
    chain.publishedBuilds(BigInt(game.chainGameId)),
    readOpenListings(db, chain.licensesAddress, game.chainGameId),
  ]);
  return {
    ...game,
    listings,
    builds: Object.entries(builds).map(([platform, build]) => ({
      platform: platform as 'linux',
      sha256: build.sha256,
      sizeBytes: build.sizeBytes,
      version: build.version,
      publishedAt: build.publishedAt.toISOString(),
    })),
  };
}

/** The store's pages: catalogue, game page, the studio's create and edit, the player's library. */
export function gamePageRoutes(options: {
  db: Db;
  chain: GamedChain | undefined;
  requireCaller: MiddlewareHandler<AppEnv>;
}) {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  app.use('/api/gamed/library', options.requireCaller);
  app.on(['POST'], '/api/gamed/games', options.requireCaller);
  app.on(['PATCH'], '/api/gamed/games/:pageId', options.requireCaller);

  app.openapi(catalogueRoute, async (c) => {
    const chain = requireChain(options.chain);
    return c.json(await listCatalogue(db, chain, c.req.valid('query')), 200);
  });

  app.openapi(gameRoute, async (c) => {
    const chain = requireChain(options.chain);
    const { ref } = c.req.valid('param');
    const [page] = await db
      .select()
      .from(gamedGamePages)
      .where(
        and(
          eq(gamedGamePages.licensesAddress, chain.licensesAddress),
          uuidPattern.test(ref)
            ? or(eq(gamedGamePages.id, ref), eq(gamedGamePages.slug, ref))
            : eq(gamedGamePages.slug, ref),
        ),
      );
    if (!page) throw new BaseError('not_found', 'No such game');
    return c.json(await describeGame(db, chain, page), 200);
  });

  app.openapi(createPageRoute, async (c) => {
    const chain = requireChain(options.chain);
    const page = await createGamePage({ db, chain }, c.get('caller'), c.req.valid('json'));
    return c.json(await describeGame(db, chain, page), 201);
  });

  app.openapi(updatePageRoute, async (c) => {
    const chain = requireChain(options.chain);
    const page = await updateGamePage(db, c.get('caller'), c.req.valid('param').pageId, c.req.valid('json'));
    return c.json(await describeGame(db, chain, page), 200);
  });

  app.openapi(libraryRoute, async (c) => {
    const chain = requireChain(options.chain);
    const pages = await db
      .select()
      .from(gamedGamePages)
      .where(
        and(eq(gamedGamePages.licensesAddress, chain.licensesAddress), isNotNull(gamedGamePages.chainGameId)),
      );
    const wallet = c.get('caller').walletAddress.toLowerCase() as `0x${string}`;
    const held = await chain.licensesHeldBy(
      wallet,
      pages.map((page) => BigInt(page.chainGameId as string)),
    );
    const owned = pages.filter((page) => held.has(page.chainGameId as string));
    const purchases = await readHeldPurchases(db, chain.licensesAddress, wallet);
    const data = await Promise.all(
      owned.map(async (page) => ({
        ...(await describeGame(db, chain, page)),
        purchase: purchases.get(page.chainGameId as string) ?? null,
      })),
    );
    return c.json({ data }, 200);
  });
  return app;
}
