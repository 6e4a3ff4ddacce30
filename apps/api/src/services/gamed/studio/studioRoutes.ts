import { type Db, gamedDownloads, gamedGamePages } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { and, count, eq, inArray } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { BaseError } from '../../../errors/BaseError.js';
import type { AppEnv } from '../../../http/appEnv.js';
import { errorResponses, jsonBody } from '../../../http/openapi.js';
import type { GamedChain } from '../GamedChain.js';
import { describeGames } from '../pages/describeGames.js';
import { GameSchema } from '../pages/gamePageSchemas.js';
import { readStudioLedger } from './readStudioLedger.js';
import { StudioLedgerSchema, toStudioLedgerWire } from './StudioLedgerSchema.js';

const weiString = z.string().regex(/^\d+$/).openapi({ description: 'FAR in wei, as a decimal string' });

const studioGamesRoute = createRoute({
  method: 'get',
  path: '/api/gamed/studio/games',
  tags: ['gamed'],
  summary: "Your studio's games with sales, refunds, gross revenue and downloads",
  security: [{ bearer: [] }],
  responses: {
    200: jsonBody(
      z.object({
        data: z.array(
          GameSchema.extend({
            stats: z.object({
              sold: z.number().int().openapi({ description: 'Licences bought, refunds included' }),
              refunded: z.number().int(),
              grossWei: weiString.openapi({
                description: 'What buyers paid, net of refunds, before the platform fee',
              }),
              downloads: z.number().int(),
            }),
          }),
        ),
      }),
      'Your games',
    ),
    ...errorResponses,
  },
});

const studioLedgerRoute = createRoute({
  method: 'get',
  path: '/api/gamed/studio/ledger',
  tags: ['gamed'],
  summary:
    "Your studio's payout (withdrawable, sales to settle), sales and refunds, royalties and withdrawals",
  security: [{ bearer: [] }],
  responses: {
    200: jsonBody(StudioLedgerSchema, 'Your ledger, from the chain mirror'),
    ...errorResponses,
  },
});

/** The chain, or 503: a studio has nothing to show before `GameLicenses` is deployed. */
function requireChain(chain: GamedChain | undefined): GamedChain {
  if (!chain) throw new BaseError('service_unavailable', 'GameLicenses is not deployed on this network');
  return chain;
}

/**
 * The studio dashboard's numbers, all from the chain follower's mirror and the download log: each of
 * the caller's games with its sales and downloads, and the caller's ledger (payout, sales, refunds,
 * royalties, withdrawals).
 */
export function studioRoutes(options: {
  db: Db;
  chain: GamedChain | undefined;
  requireCaller: MiddlewareHandler<AppEnv>;
}) {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/gamed/studio/*', options.requireCaller);

  app.openapi(studioLedgerRoute, async (c) => {
    const chain = requireChain(options.chain);
    const chainTime = await chain.chainTime();
    const ledger = await readStudioLedger(
      db,
      chain.licensesAddress,
      c.get('caller').walletAddress,
      chainTime,
    );
    return c.json(toStudioLedgerWire(ledger, chainTime), 200);
  });

  app.openapi(studioGamesRoute, async (c) => {
    const chain = requireChain(options.chain);
    const pages = await db
      .select()
      .from(gamedGamePages)
      .where(
        and(
          eq(gamedGamePages.licensesAddress, chain.licensesAddress),
          eq(gamedGamePages.studioWallet, c.get('caller').walletAddress.toLowerCase()),
        ),
      );
    const ids = pages.map((page) => BigInt(page.chainGameId ?? '0'));
    const [games, sales, downloads] = await Promise.all([
      describeGames(chain, pages),
      chain.gameSales(ids),
      pages.length === 0
        ? []
        : db
            .select({ pageId: gamedDownloads.pageId, downloads: count() })
            .from(gamedDownloads)
            .where(
              inArray(
                gamedDownloads.pageId,
                pages.map((page) => page.id),
              ),
            )
            .groupBy(gamedDownloads.pageId),
    ]);
    const downloadsOf = new Map(downloads.map((row) => [row.pageId, row.downloads]));
    const data = games.map((game) => {
      const gameSales = sales.get(game.chainGameId) ?? { sold: 0, refunded: 0, grossWei: 0n };
      return {
        ...game,
        stats: {
          sold: gameSales.sold,
          refunded: gameSales.refunded,
          grossWei: gameSales.grossWei.toString(),
          downloads: downloadsOf.get(game.id) ?? 0,
        },
      };
    });
    return c.json({ data }, 200);
  });
  return app;
}
