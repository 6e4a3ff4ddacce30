import { FAR_ROLES } from '@far/contracts';
import { type OperatorRoleName, operatorRoles } from '@far/db';
import { createRoute, z } from '@hono/zod-openapi';
import { desc } from 'drizzle-orm';
import { BaseError } from '../errors/BaseError.js';
import { jsonBody, jsonRequestBody } from '../http/openapi.js';
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
import { grantOperatorRole } from './grantOperatorRole.js';
import { readOperatorRoles } from './readOperatorRoles.js';
import { recordAdminAction } from './recordAdminAction.js';
import { requireRole } from './requireRole.js';
import { revokeOperatorRole } from './revokeOperatorRole.js';

/** Every database role, the console's `requireRole` for "any role". */
export const ALL_OPERATOR_ROLES = Object.keys(FAR_ROLES) as OperatorRoleName[];

const RoleSchema = z.enum(ALL_OPERATOR_ROLES as [OperatorRoleName, ...OperatorRoleName[]]);

const RoleChangeSchema = z.object({ wallet: AdminWalletSchema, role: RoleSchema, reason: AdminReasonSchema });

const meRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/me',
  summary: "The signed-in wallet's console roles (none for most wallets; none for an API key)",
  responses: {
    200: jsonBody(
      z.object({ wallet: z.string(), roles: z.array(RoleSchema), chainId: z.number().int() }),
      'Your roles',
    ),
    ...adminErrorResponses,
  },
});

const nonceRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/signature-nonce',
  summary: 'A single-use nonce for the fresh signature of a money-moving or pausing action',
  responses: {
    200: jsonBody(
      z.object({ nonce: z.string(), expiresAt: z.iso.datetime(), chainId: z.number().int() }),
      'The nonce',
    ),
    ...adminErrorResponses,
  },
});

const listRolesRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'get',
  path: '/api/admin/roles',
  summary: 'Every role grant, revoked ones too (admin)',
  responses: {
    200: jsonBody(
      z.object({
        data: z.array(
          z.object({
            wallet: z.string(),
            role: RoleSchema,
            grantedBy: z.string(),
            grantedAt: z.iso.datetime(),
            revokedAt: z.iso.datetime().nullable(),
            revokedBy: z.string().nullable(),
          }),
        ),
      }),
      'Grants, newest first',
    ),
    ...adminErrorResponses,
  },
});

const grantRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/roles',
  summary: 'Grant a wallet a role (admin), audited',
  request: { body: jsonRequestBody(RoleChangeSchema) },
  responses: {
    201: jsonBody(z.object({ granted: z.boolean(), auditId: AuditIdSchema }), 'Granted'),
    ...adminErrorResponses,
  },
});

const revokeRoute = createRoute({
  ...ADMIN_ROUTE,
  method: 'post',
  path: '/api/admin/roles/revoke',
  summary: "Revoke a wallet's role (admin), audited",
  request: { body: jsonRequestBody(RoleChangeSchema) },
  responses: {
    200: jsonBody(z.object({ revoked: z.boolean(), auditId: AuditIdSchema }), 'Revoked'),
    ...adminErrorResponses,
  },
});

/**
 * `GET /api/admin/me` (my roles; empty for a wallet without one, so the web app can hide the console),
 * `GET /api/admin/signature-nonce` (a single-use nonce for a fresh signature), and the admin's
 * `GET/POST /api/admin/roles`, `POST /api/admin/roles/revoke`.
 *
 * @example
 * app.route('/', adminAccessRoutes(options));
 */
export function adminAccessRoutes(options: AdminRoutesOptions) {
  const { db, nonces } = options;
  const app = createAdminRouter();
  const admin = requireRole(db, 'admin');
  app.openapi(meRoute, async (c) => {
    const wallet = c.get('caller').walletAddress.toLowerCase();
    const roles = c.get('caller').apiKeyId ? [] : await readOperatorRoles(db, wallet);
    return c.json({ wallet, roles, chainId: options.chainId }, 200);
  });
  app.openapi({ ...nonceRoute, middleware: [requireRole(db, ...ALL_OPERATOR_ROLES)] }, async (c) => {
    const { nonce, expiresAt } = await nonces.issue();
    return c.json({ nonce, expiresAt: expiresAt.toISOString(), chainId: options.chainId }, 200);
  });
  app.openapi({ ...listRolesRoute, middleware: [admin] }, async (c) => {
    const rows = await db.select().from(operatorRoles).orderBy(desc(operatorRoles.grantedAt)).limit(500);
    return c.json(
      {
        data: rows.map((row) => ({
          wallet: row.walletAddress,
          role: row.role,
          grantedBy: row.grantedBy,
          grantedAt: row.grantedAt.toISOString(),
          revokedAt: row.revokedAt?.toISOString() ?? null,
          revokedBy: row.revokedBy,
        })),
      },
      200,
    );
  });
  app.openapi({ ...grantRoute, middleware: [admin] }, async (c) => {
    const body = c.req.valid('json');
    const actor = c.get('caller').walletAddress.toLowerCase();
    const { result, auditId } = await recordAdminAction(
      db,
      { ...adminActorOf(c, body.reason), action: 'role.grant', target: body.wallet },
      async (tx) => {
        const before = await readOperatorRoles(tx, body.wallet);
        const granted = await grantOperatorRole(tx, {
          walletAddress: body.wallet,
          role: body.role,
          grantedBy: actor,
        });
        if (!granted) throw new BaseError('conflict', `${body.wallet} already holds ${body.role}`);
        return {
          before: { roles: before },
          after: { roles: await readOperatorRoles(tx, body.wallet) },
          result: granted,
        };
      },
    );
    return c.json({ granted: result, auditId: auditId.toString() }, 201);
  });
  app.openapi({ ...revokeRoute, middleware: [admin] }, async (c) => {
    const body = c.req.valid('json');
    const actor = c.get('caller').walletAddress.toLowerCase();
    const { auditId } = await recordAdminAction(
      db,
      { ...adminActorOf(c, body.reason), action: 'role.revoke', target: body.wallet },
      async (tx) => {
        const before = await readOperatorRoles(tx, body.wallet);
        const revoked = await revokeOperatorRole(tx, {
          walletAddress: body.wallet,
          role: body.role,
          revokedBy: actor,
        });
        if (!revoked) throw new BaseError('not_found', `${body.wallet} does not hold ${body.role}`);
        return {
          before: { roles: before },
          after: { roles: await readOperatorRoles(tx, body.wallet) },
          result: revoked,
        };
      },
    );
    return c.json({ revoked: true, auditId: auditId.toString() }, 200);
  });
  return app;
}
