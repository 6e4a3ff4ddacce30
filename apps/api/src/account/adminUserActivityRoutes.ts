import { type Db, users } from '@far/db';
import { eq } from 'drizzle-orm';
import { Hono, type MiddlewareHandler } from 'hono';
import { getAddress } from 'viem';
import { z } from 'zod';
import { BaseError } from '../errors/BaseError.js';
import { validationError } from '../errors/toErrorResponse.js';
import type { AppEnv } from '../http/appEnv.js';
import { listUserActivity } from './listUserActivity.js';
import { UserActivityPageQuery, userActivityToWire } from './userActivityRoutes.js';

const WalletParam = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'must be a 0x wallet address')
  .transform((wallet) => wallet.toLowerCase());

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
  const app = new Hono<AppEnv>();
  app.get('/api/admin/users/:wallet/activity', options.requireOperator, async (c) => {
    const wallet = WalletParam.safeParse(c.req.param('wallet'));
    if (!wallet.success) throw validationError(wallet.error, 'param');
    const query = UserActivityPageQuery.safeParse(c.req.query());
    if (!query.success) throw validationError(query.error, 'query');
    const [user] = await db.select({ id: users.id }).from(users).where(eq(users.walletAddress, wallet.data));
    if (!user) throw new BaseError('not_found', `No account for ${wallet.data}`);
    const page = await listUserActivity(db, user.id, { limit: query.data.limit, before: query.data.before });
    return c.json({
      data: page.items.map((row) => ({
        ...userActivityToWire(row),
        actorAddress: row.actorAddress === null ? null : getAddress(row.actorAddress),
      })),
      nextCursor: page.nextCursor,
    });
  });
  return app;
}
