import { FAR_ROLES } from '@far/contracts';
import { type OperatorRoleName, operatorRoles } from '@far/db';
import { desc } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import type { AdminRoutesOptions } from './AdminRoutesOptions.js';
import { adminActorOf } from './adminActorOf.js';
import { grantOperatorRole } from './grantOperatorRole.js';
import { AdminReasonSchema, AdminWalletSchema, readAdminBody } from './readAdminBody.js';
import { readOperatorRoles } from './readOperatorRoles.js';
import { recordAdminAction } from './recordAdminAction.js';
import { requireRole } from './requireRole.js';
import { revokeOperatorRole } from './revokeOperatorRole.js';

/** Every database role, the console's `requireRole` for "any role". */
export const ALL_OPERATOR_ROLES = Object.keys(FAR_ROLES) as OperatorRoleName[];

const RoleChangeSchema = z.object({
  wallet: AdminWalletSchema,
  role: z.enum(ALL_OPERATOR_ROLES as [OperatorRoleName, ...OperatorRoleName[]]),
  reason: AdminReasonSchema,
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
  const app = new Hono<AppEnv>();
  app.get('/api/admin/me', async (c) => {
    const wallet = c.get('caller').walletAddress.toLowerCase();
    const roles = c.get('caller').apiKeyId ? [] : await readOperatorRoles(db, wallet);
    return c.json({ wallet, roles, chainId: options.chainId });
  });
  app.get('/api/admin/signature-nonce', requireRole(db, ...ALL_OPERATOR_ROLES), async (c) => {
    const { nonce, expiresAt } = await nonces.issue();
    return c.json({ nonce, expiresAt: expiresAt.toISOString(), chainId: options.chainId });
  });
  app.get('/api/admin/roles', requireRole(db, 'admin'), async (c) => {
    const rows = await db.select().from(operatorRoles).orderBy(desc(operatorRoles.grantedAt)).limit(500);
    return c.json({
      data: rows.map((row) => ({
        wallet: row.walletAddress,
        role: row.role,
        grantedBy: row.grantedBy,
        grantedAt: row.grantedAt.toISOString(),
        revokedAt: row.revokedAt?.toISOString() ?? null,
        revokedBy: row.revokedBy,
      })),
    });
  });
  app.post('/api/admin/roles', requireRole(db, 'admin'), async (c) => {
    const body = await readAdminBody(c, RoleChangeSchema);
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
  app.post('/api/admin/roles/revoke', requireRole(db, 'admin'), async (c) => {
    const body = await readAdminBody(c, RoleChangeSchema);
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
    return c.json({ revoked: true, auditId: auditId.toString() });
  });
  return app;
}
