import type { Db, OperatorRoleName } from '@far/db';
import { createMiddleware } from 'hono/factory';
import { BaseError } from '../errors/BaseError.js';
import type { AppEnv } from '../http/appEnv.js';
import { readOperatorRoles } from './readOperatorRoles.js';

/**
 * Lets the request through only when the signed-in wallet holds one of `roles` in the database;
 * runs after `requireCaller`. API keys are refused: console actions need the wallet's own session.
 * Sets `operatorRole` to the first of `roles` the wallet holds (the role the audit row names).
 *
 * @param db The database.
 * @param roles The roles allowed, in order of preference.
 * @example
 * app.post('/api/admin/nodes/:id/suspend', requireCaller, requireRole(db, 'operator'), handler)
 */
export function requireRole(db: Db, ...roles: OperatorRoleName[]) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const caller = c.get('caller');
    if (caller.apiKeyId) {
      throw new BaseError('forbidden', 'The operator console needs a wallet session, not an API key');
    }
    const held = await readOperatorRoles(db, caller.walletAddress);
    const role = roles.find((wanted) => held.includes(wanted));
    if (!role) throw new BaseError('forbidden', `This needs the ${roles.join(' or ')} role`);
    c.set('operatorRole', role);
    await next();
  });
}
