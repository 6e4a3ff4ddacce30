import { type Db, users } from '@far/db';
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
import { getAddress } from 'viem';
import {
  ADMIN_ROUTE,
  AdminWalletSchema,
  adminErrorResponses,
  createAdminRouter,
} from '../admin/adminOpenApi.js';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import { jsonBody } from '../http/openapi.js';
import { listUserActivity } from './listUserActivity.js';
import { UserActivityItemSchema, UserActivityPageQuery, userActivityToWire } from './userActivityRoutes.js';

const adminActivityRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/users/{wallet}/activity',
  summary: "An account's activity, paged, with the operator behind each admin action (operator)",
  request: { params: z.object({ wallet: AdminWalletSchema }), query: UserActivityPageQuery },
  responses: {
    200: jsonBody(
      z.object({
        data: z.array(
          UserActivityItemSchema.extend({
            actorAddress: z
              .string()
              .nullable()
              .openapi({ description: 'The operator who acted, if one did' }),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
      'Newest first; pass nextCursor as ?before= for the next page',
    ),
    ...adminErrorResponses,
  },
});

/**
 * `GET /api/admin/users/:wallet/activity`: a user's activity for operators, paged as the user's
 * own list is, with the wallet of the operator behind each admin action. Runs after
 * `requireCaller`; `requireOperator` is the console's role check (`requireRole(db, 'operator')`).
 *
 * @example
 * app.route('/', adminUserActivityRoutes({ db, requireOperator: requireRole(db, 'operator') }));
 */
export function adminUserActivityRoutes(options: { db: Db; requireOperator: MiddlewareHandler<AppEnv> }) {
  const { db } = options;
  const app = createAdminRouter();
  app.openapi({ ...adminActivityRoute, middleware: [options.requireOperator] }, async (c) => {
    const { wallet } = c.req.valid('param');
    const { limit, before } = c.req.valid('query');
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.walletAddress, wallet));
    if (!user) throw new BaseError('not_found', `No account for ${wallet}`);
    const page = await listUserActivity(db, user.id, { limit, before });
    return c.json(
      {
        data: page.items.map((row) => ({
          ...userActivityToWire(row),
          actorAddress: row.actorAddress === null ? null : getAddress(row.actorAddress),
        })),
        nextCursor: page.nextCursor,
      },
      200,
    );
  });
  return app;
}
