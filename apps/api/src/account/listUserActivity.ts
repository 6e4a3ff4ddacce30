import { type Db, type UserActivity, userActivity } from '@far/db';
import { and, eq, sql } from 'drizzle-orm';
import { encodeActivityCursor } from './activityCursor.js';
import type { ActivityPageRequest } from './ServiceActivity.js';
import { activityOrderSql } from './selectActivityPage.js';

/** One page of a user's activity, newest first, and the cursor of the next (null on the last page). */
type UserActivityPage = { items: UserActivity[]; nextCursor: string | null };

/**
 * Reads one page of a user's own activity (`user_activity`), newest first by when it happened,
 * ties by id, paged as the account history is (the same `?before=` cursor form).
 *
 * @param db - the database.
 * @param userId - whose activity; nobody else's rows are ever read.
 * @param page - the limit and the cursor.
 * @returns the items and the next page's cursor.
 * @example
 * const { items, nextCursor } = await listUserActivity(db, userId, { limit: 20, before: undefined });
 */
export async function listUserActivity(
  db: Db,
  userId: string,
  page: ActivityPageRequest,
): Promise<UserActivityPage> {
  const order = activityOrderSql(sql`${userActivity.occurredAt}`, sql`${userActivity.id}::text`, page.before);
  // One more than asked tells whether a next page exists.
  const rows = await db
    .select()
    .from(userActivity)
    .where(and(eq(userActivity.userId, userId), order.after))
    .orderBy(order.newestFirst)
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor:
      rows.length > page.limit && last
        ? encodeActivityCursor({ createdAt: last.occurredAt, id: last.id })
        : null,
  };
}
