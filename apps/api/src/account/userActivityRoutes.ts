import { type Db, USER_ACTIVITY_TYPES, type UserActivity } from '@far/db';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/appEnv.js';
import { errorResponses, jsonBody } from '../http/openapi.js';
import { ActivityCursorString } from './activityCursor.js';
import { listUserActivity } from './listUserActivity.js';

/** `?limit=&before=`: one page of a user's activity. */
export const UserActivityPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: ActivityCursorString.optional(),
});

/** One activity row on the wire (the user's own view; operators also get the acting wallet). */
export const UserActivityItemSchema = z
  .object({
    id: z.uuid(),
    type: z.enum(USER_ACTIVITY_TYPES),
    detail: z.record(z.string(), z.unknown()),
    ipPrefix: z
      .string()
      .nullable()
      .openapi({ description: 'The network the request came from (/24 or /48), never the whole IP' }),
    userAgent: z.string().nullable(),
    byOperator: z.boolean().openapi({ description: 'An operator did it, not you (admin actions)' }),
    occurredAt: z.iso.datetime(),
  })
  .openapi('UserActivity');

const activityRoute = createRoute({
  method: 'get',
  path: '/api/account/activity',
  tags: ['account'],
  summary: 'Your security and account activity: sign-ins, key changes, deposits, withdrawals, admin actions',
  security: [{ bearer: [] }],
  request: { query: UserActivityPageQuery },
  responses: {
    200: jsonBody(
      z.object({ data: z.array(UserActivityItemSchema), nextCursor: z.string().nullable() }),
      'Newest first; pass nextCursor as ?before= for the next page',
    ),
    ...errorResponses,
  },
});

/**
 * One activity row as its owner sees it: the operator's wallet stays with the operators
 * (`byOperator` tells the user someone acted on their account).
 *
 * @param row - the stored row.
 * @returns the wire item.
 */
export function userActivityToWire(row: UserActivity) {
  return {
    id: row.id,
    type: row.type,
    detail: row.detail,
    ipPrefix: row.ipPrefix,
    userAgent: row.userAgent,
    byOperator: row.actorAddress !== null,
    occurredAt: row.occurredAt.toISOString(),
  };
}

/**
 * `GET /api/account/activity`: the signed-in user's own activity, paged newest first.
 *
 * @example
 * app.route('/', userActivityRoutes({ db, requireCaller }));
 */
export function userActivityRoutes(options: { db: Db; requireCaller: MiddlewareHandler<AppEnv> }) {
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/account/activity', options.requireCaller);
  app.openapi(activityRoute, async (c) => {
    const { limit, before } = c.req.valid('query');
    const page = await listUserActivity(options.db, c.get('caller').userId, { limit, before });
    return c.json({ data: page.items.map(userActivityToWire), nextCursor: page.nextCursor }, 200);
  });
  return app;
}
