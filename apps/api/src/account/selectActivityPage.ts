import type { Db } from '@far/db';
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { rowsOf } from '../ledger/rowsOf.js';
import type { ActivityPageRequest, ServiceActivity, ServiceActivityKind } from './ServiceActivity.js';

const activityRow = z.object({
  id: z.string(),
  kind: z.string(),
  amount_wei: z.string().regex(/^-?\d+$/),
  created_ms: z.string().regex(/^\d+$/),
  tx_hash: z.string().nullable(),
  subject_id: z.string().nullable(),
  subject_title: z.string().nullable(),
  subject_href: z.string().nullable(),
});

/**
 * The history order as SQL over a time column and an id expression: newest first by whole
 * milliseconds (JavaScript's Date, so a cursor read back compares equal), ties by id compared byte
 * by byte (`collate "C"`, as JavaScript compares ASCII strings), so every source pages the same way.
 *
 * @param at - a timestamptz expression.
 * @param id - the row's unique text id.
 * @param before - the cursor: only what sorts after it, or everything.
 * @returns the filter (`true` without a cursor) and the ORDER BY terms.
 * @example
 * const order = activityOrderSql(sql`created_at`, sql`id::text`, page.before);
 * sql`select … where ${order.after} order by ${order.newestFirst}`;
 */
export function activityOrderSql(at: SQL, id: SQL, before: ActivityPageRequest['before']) {
  const ms = sql`floor(extract(epoch from ${at}) * 1000)::bigint`;
  const after = before
    ? sql`(${ms} < ${String(before.createdAt.getTime())}::bigint or (${ms} = ${String(before.createdAt.getTime())}::bigint and ${id} collate "C" < ${before.id}))`
    : sql`true`;
  return { ms, after, newestFirst: sql`${ms} desc, ${id} collate "C" desc` };
}

/**
 * Reads one page of a service's activity from a query of its items. The query yields the columns
 * `id, kind, amount_wei, at, tx_hash, subject_id, subject_title, subject_href` (amounts signed, `at`
 * a timestamptz); this orders it as the history does and applies the cursor and the limit.
 *
 * @param db - the database.
 * @param service - the service id the items are tagged with.
 * @param items - the service's activity for one wallet (usually a `union all`).
 * @param page - the limit and the cursor.
 * @returns the page, newest first.
 * @example
 * return selectActivityPage(db, 'gaming', sql`select … from gaming_chain_entries …`, page);
 */
export async function selectActivityPage(
  db: Db,
  service: string,
  items: SQL,
  page: ActivityPageRequest,
): Promise<ServiceActivity[]> {
  const order = activityOrderSql(sql`activity.at`, sql`activity.id`, page.before);
  const rows = await rowsOf<unknown>(
    db,
    sql`select activity.id, activity.kind, activity.amount_wei::text as amount_wei,
      ${order.ms}::text as created_ms, activity.tx_hash, activity.subject_id::text as subject_id,
      activity.subject_title, activity.subject_href
    from (${items}) activity
    where ${order.after}
    order by ${order.newestFirst}
    limit ${page.limit}`,
  );
  return rows.map((raw) => {
    const row = activityRow.parse(raw);
    return {
      id: row.id,
      service,
      kind: row.kind as ServiceActivityKind,
      amountWei: BigInt(row.amount_wei),
      createdAt: new Date(Number(row.created_ms)),
      txHash: row.tx_hash,
      subject:
        row.subject_id === null
          ? null
          : { id: row.subject_id, title: row.subject_title ?? row.subject_id, href: row.subject_href },
    };
  });
}
