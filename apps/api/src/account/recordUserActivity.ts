import { type Db, type UserActivityType, userActivity } from '@far/db';
import { networkPrefixOf } from './networkPrefixOf.js';

/** The longest user agent kept; browsers send ~150 characters, anything longer is noise. */
const USER_AGENT_MAX_LENGTH = 256;

export type RecordUserActivityInput = {
  userId: string;
  type: UserActivityType;
  /** What the event was about: key name and prefix, amount in wei (as a string), the action and reason… */
  detail?: Record<string, unknown>;
  /** The client's address; only its network prefix is stored (see {@link networkPrefixOf}). */
  ip?: string | null;
  userAgent?: string | null;
  /** The wallet that acted on the account when it was not its owner (an operator's admin action). */
  actorAddress?: string | null;
  /**
   * Set for events that can be seen more than once (a chain log the indexer re-reads): the first
   * row with a key is kept and later ones are dropped, so a replay records nothing twice.
   */
  sourceKey?: string;
  /** When it happened (a block's time); now by default. */
  occurredAt?: Date;
};

/**
 * Appends one event to a user's activity (`user_activity`). Pass the transaction that writes the
 * event itself, so the event and its record commit or roll back together.
 *
 * @param db - the database, or the open transaction of the event being recorded.
 * @param input - the user, the type and what to keep about it.
 * @returns whether a row was written (false only for a `sourceKey` already recorded).
 * @example
 * await db.transaction(async (tx) => {
 *   await revokeKeysOf(tx, userId);
 *   await recordUserActivity(tx, {
 *     userId,
 *     type: 'admin_action',
 *     actorAddress: operatorWallet,
 *     detail: { action: 'revoke_api_keys', reason: 'leaked key reported' },
 *   });
 * });
 */
export async function recordUserActivity(db: Db, input: RecordUserActivityInput): Promise<boolean> {
  const written = await db
    .insert(userActivity)
    .values({
      userId: input.userId,
      type: input.type,
      detail: input.detail ?? {},
      ipPrefix: input.ip ? networkPrefixOf(input.ip) : null,
      userAgent: input.userAgent ? input.userAgent.slice(0, USER_AGENT_MAX_LENGTH) : null,
      actorAddress: input.actorAddress ? input.actorAddress.toLowerCase() : null,
      sourceKey: input.sourceKey ?? null,
      ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
    })
    .onConflictDoNothing({ target: userActivity.sourceKey })
    .returning({ id: userActivity.id });
  return written.length > 0;
}
