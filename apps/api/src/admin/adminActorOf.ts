import type { Context } from 'hono';
import type { AppEnv } from '../http/appEnv.js';
import type { AdminActor } from './AdminActor.js';

/**
 * The acting operator of a console request that passed `requireRole`: the wallet, the role it was
 * allowed under, and the reason the operator gave.
 *
 * @example
 * await recordAdminAction(db, { ...adminActorOf(c, reason), action: 'model.retire', target: id }, perform)
 */
export function adminActorOf(c: Context<AppEnv>, reason: string): AdminActor {
  return { wallet: c.get('caller').walletAddress.toLowerCase(), role: c.get('operatorRole'), reason };
}
