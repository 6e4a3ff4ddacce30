import { apiKeys, type Db, inferenceTasks, userActivity, users } from '@far/db';
import { createRoute, z } from '@hono/zod-openapi';
import { and, desc, eq, ilike, isNull } from 'drizzle-orm';
import { recordUserActivity } from '../account/recordUserActivity.js';
import { listApiKeys, revokeApiKey } from '../auth/apiKeys.js';
import { BaseError } from '../errors/BaseError.js';
import { jsonBody, jsonRequestBody } from '../http/openapi.js';
import { getBalances } from '../ledger/getBalances.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { adminActorOf } from './adminActorOf.js';
import {
  ADMIN_ROUTE,
  AdminReasonSchema,
  AdminWalletSchema,
  AuditIdSchema,
  adminErrorResponses,
  createAdminRouter,
} from './adminOpenApi.js';
import { recordAdminAction } from './recordAdminAction.js';
import { requireRole } from './requireRole.js';

async function findUserByWallet(db: Db, wallet: string) {
  const [user] = await db.select().from(users).where(eq(users.walletAddress, wallet));
  if (!user) throw new BaseError('not_found', `No account for ${wallet}`);
  return user;
}

async function liveKeyIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.userId, userId), isNull(apiKeys.revokedAt)));
  return rows.map((row) => row.id);
}

const WalletParams = z.object({ wallet: AdminWalletSchema });

const searchRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/users',
  summary: 'Accounts, newest first, searched by wallet (operator)',
  request: { query: z.object({ q: z.string().trim().max(42).optional() }) },
  responses: {
    200: jsonBody(
      z.object({
        data: z.array(z.object({ wallet: z.string(), createdAt: z.iso.datetime(), tier: z.string() })),
      }),
      'Accounts',
    ),
    ...adminErrorResponses,
  },
});

const wei = z.string().openapi({ description: 'FAR in wei, as a decimal string' });

const detailRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/users/{wallet}',
  summary: "An account's balances, recent tasks, keys and activity (operator)",
  request: { params: WalletParams },
  responses: {
    200: jsonBody(
      z.object({
        wallet: z.string(),
        createdAt: z.iso.datetime(),
        balances: z.object({ availableWei: wei, reservedWei: wei }),
        tasks: z.array(
          z.object({
            taskId: z.string(),
            model: z.string(),
            status: z.string(),
            costFarWei: wei.nullable(),
            createdAt: z.iso.datetime(),
          }),
        ),
        keys: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            prefix: z.string(),
            createdAt: z.iso.datetime(),
            lastUsedAt: z.iso.datetime().nullable(),
            revokedAt: z.iso.datetime().nullable(),
          }),
        ),
        activity: z.array(
          z.object({
            type: z.string(),
            detail: z.record(z.string(), z.unknown()),
            actorAddress: z.string().nullable(),
            occurredAt: z.iso.datetime(),
          }),
        ),
      }),
      'The account',
    ),
    ...adminErrorResponses,
  },
});

const revokeKeysRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/users/{wallet}/keys/revoke',
  summary: "Revoke one of a user's API keys, or every live one when keyId is left out (operator), audited",
  request: {
    params: WalletParams,
    body: jsonRequestBody(z.object({ reason: AdminReasonSchema, keyId: z.uuid().optional() })),
  },
  responses: {
    200: jsonBody(z.object({ revoked: z.array(z.string()), auditId: AuditIdSchema }), 'The keys revoked'),
    ...adminErrorResponses,
  },
});

/**
 * The console's users (operator): `GET /api/admin/users?q=` (search by wallet),
 * `GET /api/admin/users/:wallet` (balances, recent tasks, keys, activity), and
 * `POST /api/admin/users/:wallet/keys/revoke` (one key, or every live key when `keyId` is left out),
 * audited and written to the user's own activity in the same transaction.
 *
 * @example
 * app.route('/', adminUserRoutes(options));
 */
export function adminUserRoutes(options: AdminRoutesOptions) {
  const { db } = options;
  const app = createAdminRouter();
  const operator = requireRole(db, 'operator');

  app.openapi({ ...searchRoute, middleware: [operator] }, async (c) => {
    const { q } = c.req.valid('query');
    const rows = await db
      .select({ wallet: users.walletAddress, createdAt: users.createdAt, tier: users.tier })
      .from(users)
      .where(q ? ilike(users.walletAddress, `%${q.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`) : undefined)
      .orderBy(desc(users.createdAt))
      .limit(50);
    return c.json({ data: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })) }, 200);
  });

  app.openapi({ ...detailRoute, middleware: [operator] }, async (c) => {
    const { wallet } = c.req.valid('param');
    const user = await findUserByWallet(db, wallet);
    const balances = await getBalances(db, user.id);
    const tasks = await db
      .select({
        taskId: inferenceTasks.taskId,
        model: inferenceTasks.modelName,
        status: inferenceTasks.status,
        costFarWei: inferenceTasks.costFarWei,
        createdAt: inferenceTasks.createdAt,
      })
      .from(inferenceTasks)
      .where(eq(inferenceTasks.userId, user.id))
      .orderBy(desc(inferenceTasks.createdAt))
      .limit(20);
    const keys = await listApiKeys(db, user.id);
    const activity = await db
      .select()
      .from(userActivity)
      .where(eq(userActivity.userId, user.id))
      .orderBy(desc(userActivity.occurredAt))
      .limit(20);
    return c.json(
      {
        wallet,
        createdAt: user.createdAt.toISOString(),
        balances: { availableWei: balances.available.toString(), reservedWei: balances.reserved.toString() },
        tasks: tasks.map((task) => ({
          ...task,
          costFarWei: task.costFarWei?.toString() ?? null,
          createdAt: task.createdAt.toISOString(),
        })),
        keys: keys.map((key) => ({
          id: key.id,
          name: key.name,
          prefix: key.prefix,
          createdAt: key.createdAt.toISOString(),
          lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
          revokedAt: key.revokedAt?.toISOString() ?? null,
        })),
        activity: activity.map((row) => ({
          type: row.type,
          detail: row.detail,
          actorAddress: row.actorAddress,
          occurredAt: row.occurredAt.toISOString(),
        })),
      },
      200,
    );
  });

  app.openapi({ ...revokeKeysRoute, middleware: [operator] }, async (c) => {
    const { wallet } = c.req.valid('param');
    const body = c.req.valid('json');
    const actor = c.get('caller').walletAddress.toLowerCase();
    const user = await findUserByWallet(db, wallet);
    const { result: revoked, auditId } = await recordAdminAction(
      db,
      { ...adminActorOf(c, body.reason), action: 'user.revokeKeys', target: wallet },
      async (tx) => {
        const before = await liveKeyIds(tx, user.id);
        const targets = body.keyId ? [body.keyId] : before;
        if (body.keyId && !before.includes(body.keyId)) throw new BaseError('not_found', 'No such live key');
        // Each key's own api_key_revoked line names the operator and the reason too.
        const origin = { actorAddress: actor, reason: body.reason };
        for (const keyId of targets) await revokeApiKey(tx, { userId: user.id, keyId, origin });
        await recordUserActivity(tx, {
          userId: user.id,
          type: 'admin_action',
          actorAddress: actor,
          detail: { action: 'revoke_api_keys', keyIds: targets, reason: body.reason },
        });
        return {
          before: { liveKeys: before },
          after: { liveKeys: await liveKeyIds(tx, user.id) },
          result: targets,
        };
      },
    );
    // Again on the shared handle after the commit: its cache of key owners forgets them at once.
    for (const keyId of revoked) await revokeApiKey(db, { userId: user.id, keyId });
    return c.json({ revoked, auditId: auditId.toString() }, 200);
  });
  return app;
}
