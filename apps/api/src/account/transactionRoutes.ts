import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { limitQuery, SignedWeiString } from '../chain/apiFieldSchemas.js';
import { validationError } from '../errors/toErrorResponse.js';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody } from '../http/openapi.js';
import { ActivityCursorString, encodeActivityCursor } from './activityCursor.js';
import { listAccountActivity } from './listAccountActivity.js';
import type { ListServiceActivity } from './ServiceActivity.js';
import { serviceActivitySources } from './serviceActivitySources.js';

const ActivitySchema = z
  .object({
    id: z.string().openapi({ description: 'a ledger transaction uuid, or a service item id (`gamed:…`)' }),
    service: z.string().openapi({
      description:
        '`platform` (deposits, withdrawals), `inference`, `fartwin` (ledger charges), `gamed`, `desci`, `gaming`',
      example: 'gamed',
    }),
    kind: z.string().openapi({
      description:
        'ledger: deposit, withdrawal, settle_reservation, capture, write_off…; services: game_purchase, game_refund, ' +
        'game_sale, licence_resale, royalty, game_download, studio_withdrawal, research_backing, backing_refund, ' +
        'milestone_release, tournament_entry, tournament_prize, entry_refund',
      example: 'game_purchase',
    }),
    amountWei: SignedWeiString,
    createdAt: z.iso.datetime(),
    txHash: z.string().nullable(),
    subject: z
      .object({ id: z.string(), title: z.string(), href: z.string().nullable() })
      .nullable()
      .openapi({ description: 'the game, proposal or tournament, with its page in the web app' }),
  })
  .openapi('AccountActivity');

const transactionsRoute = createRoute({
  method: 'get',
  path: '/api/transactions',
  tags: ['chain'],
  summary: "The caller's history: ledger transactions and each service's on-chain activity, newest first",
  description:
    'Deposits, withdrawals and charges from the ledger merged with what the caller paid, was refunded or ' +
    'earned in Far GameD, Far DeSci and Farcana (read from their chain mirrors). Amounts are signed: ' +
    'negative when FAR left the caller, or left a balance credited earlier (a studio withdrawing its GameD ' +
    'sales: the sales and royalties are positive when credited), so each FAR counts once. Pass a page’s `nextCursor` as `before` for the next page.',
  security: [{ bearer: [] }],
  request: { query: limitQuery.extend({ before: ActivityCursorString.optional() }) },
  responses: {
    200: jsonBody(
      z.object({ data: z.array(ActivitySchema), nextCursor: z.string().nullable() }),
      'One page of the history',
    ),
    ...errorResponses,
  },
});

/**
 * `GET /api/transactions`: the caller's history — ledger transactions (deposits, withdrawals,
 * charges) and the services' on-chain activity (purchases, refunds, backings, entries, prizes…) —
 * newest first, paged with a cursor.
 *
 * @param options - database, the auth middleware and the services' activity lists (default: the platform's).
 * @returns a router to mount at `/`.
 * @example
 * app.route('/', transactionRoutes({ db, requireCaller }));
 */
export function transactionRoutes(options: {
  db: Db;
  requireCaller: MiddlewareHandler<AppEnv>;
  activitySources?: readonly ListServiceActivity[];
}) {
  const { db } = options;
  const sources = options.activitySources ?? serviceActivitySources;
  // A bad `limit` or `before` is the API's one 422 shape, as on the root app (a sub-app has its own hook).
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw validationError(result.error, result.target);
    },
  });
  app.use('/api/transactions', options.requireCaller);
  app.openapi(transactionsRoute, async (c) => {
    const caller = c.get('caller');
    const { limit, before } = c.req.valid('query');
    const page = await listAccountActivity(
      db,
      { userId: caller.userId, wallet: caller.walletAddress.toLowerCase() },
      { limit, before },
      sources,
    );
    return c.json(
      {
        data: page.items.map((item) => ({
          ...item,
          amountWei: item.amountWei.toString(),
          createdAt: item.createdAt.toISOString(),
        })),
        nextCursor: page.nextCursor ? encodeActivityCursor(page.nextCursor) : null,
      },
      200,
    );
  });
  return app;
}
