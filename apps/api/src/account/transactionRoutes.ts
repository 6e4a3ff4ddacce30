import type { Db } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { limitQuery, SignedWeiString } from '../chain/apiFieldSchemas.js';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody } from '../http/openapi.js';
import { listUserTransactions } from '../ledger/listUserTransactions.js';

const TransactionSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    amountWei: SignedWeiString,
    createdAt: z.iso.datetime(),
    txHash: z.string().nullable(),
  })
  .openapi('LedgerTransaction');

const transactionsRoute = createRoute({
  method: 'get',
  path: '/api/transactions',
  tags: ['chain'],
  summary: "The caller's deposits, withdrawals and charges, newest first",
  security: [{ bearer: [] }],
  request: { query: limitQuery },
  responses: {
    200: jsonBody(z.object({ data: z.array(TransactionSchema) }), 'Transactions'),
    ...errorResponses,
  },
});

/**
 * `GET /api/transactions`: the caller's ledger transactions (deposits, withdrawals, charges).
 *
 * @param options - database and the auth middleware.
 * @returns a router to mount at `/`.
 * @example
 * app.route('/', transactionRoutes({ db, requireCaller }));
 */
export function transactionRoutes(options: { db: Db; requireCaller: MiddlewareHandler<AppEnv> }) {
  const { db } = options;
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/transactions', options.requireCaller);
  app.openapi(transactionsRoute, async (c) => {
    const rows = await listUserTransactions(db, c.get('caller').userId, c.req.valid('query').limit);
    return c.json(
      {
        data: rows.map((r) => ({
          ...r,
          amountWei: r.amountWei.toString(),
          createdAt: r.createdAt.toISOString(),
        })),
      },
      200,
    );
  });
  return app;
}
