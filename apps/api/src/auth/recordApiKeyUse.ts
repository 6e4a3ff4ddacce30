import { apiKeys, type Db } from '@far/db';
import { sql } from 'drizzle-orm';

/** How long uses are gathered before one statement writes them all. */
const API_KEY_USE_FLUSH_MS = 1_000;

/** Per database handle: the latest use of each key since the last write, and the pending write. */
type PendingUses = { latest: Map<string, number>; timer: NodeJS.Timeout | undefined };
const pendingByDb = new WeakMap<Db, PendingUses>();

/**
 * Notes that an API key was used. `last_used_at` is bookkeeping the key list shows, so it is not
 * written per request: within {@link API_KEY_USE_FLUSH_MS}, the latest use of every key used in
 * that interval goes out in one statement (its own commit, apart from any request's); the server
 * writes what is left as it shuts down. Best effort: a process killed loses at most that interval
 * of it, and a write that fails is dropped.
 *
 * @param db - the database handle the app's routes share.
 * @param keyId - the key's id.
 * @param at - when it was used (epoch ms).
 * @example
 * recordApiKeyUse(db, owner.keyId, Date.now());
 */
export function recordApiKeyUse(db: Db, keyId: string, at: number): void {
  let pending = pendingByDb.get(db);
  if (!pending) {
    pending = { latest: new Map(), timer: undefined };
    pendingByDb.set(db, pending);
  }
  const known = pending.latest.get(keyId);
  if (known === undefined || at > known) pending.latest.set(keyId, at);
  if (pending.timer) return;
  pending.timer = setTimeout(() => {
    flushApiKeyUses(db).catch(() => {});
  }, API_KEY_USE_FLUSH_MS);
  pending.timer.unref();
}

/**
 * Writes the uses noted so far now, in one statement; `last_used_at` never moves back (a replica
 * whose write lands late cannot undo a later use another one wrote).
 *
 * @param db - the handle the uses were noted on.
 * @returns once written (nothing to write: at once).
 * @example
 * await flushApiKeyUses(db);
 */
export async function flushApiKeyUses(db: Db): Promise<void> {
  const pending = pendingByDb.get(db);
  if (!pending) return;
  clearTimeout(pending.timer);
  pending.timer = undefined;
  if (pending.latest.size === 0) return;
  const uses = [...pending.latest].map(([id, at]) => ({ id, at: new Date(at).toISOString() }));
  pending.latest.clear();
  await db.execute(sql`
    update ${apiKeys} set last_used_at = used.at
      from jsonb_to_recordset(${JSON.stringify(uses)}::jsonb) as used(id uuid, at timestamptz)
     where ${apiKeys.id} = used.id and (${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < used.at)`);
}
