import type { Db } from '@far/db';
import { listUserTransactions } from '../ledger/listUserTransactions.js';
import type {
  ActivityAccount,
  ActivityCursor,
  ActivityPageRequest,
  ListServiceActivity,
  ServiceActivity,
} from './ServiceActivity.js';

/** One row of the account history: a ledger transaction or a service's activity. */
export type AccountActivity = Omit<ServiceActivity, 'kind'> & { kind: string };

/** A page of the account history and where the next one starts (null on the last page). */
export type AccountActivityPage = { items: AccountActivity[]; nextCursor: ActivityCursor | null };

/** Newest first, ties by id (byte order, as every source's SQL sorts them). */
function newestFirst(a: AccountActivity, b: AccountActivity): number {
  const byTime = b.createdAt.getTime() - a.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * The caller's whole history in one order: the ledger's transactions (deposits, withdrawals,
 * inference and FarTwin charges) and every service's on-chain activity (GameD, DeSci, Farcana),
 * newest first. Each source returns the page after the cursor in the same order, one more than
 * asked so a full page knows whether more follow; the merge keeps the first `limit`, so paging is
 * exact across sources (no item skipped or repeated).
 *
 * @param db - the database.
 * @param account - the user and their wallet.
 * @param page - the limit and the cursor.
 * @param sources - each service's `listActivity` (see serviceActivitySources).
 * @returns the page and the next cursor.
 * @example
 * const { items, nextCursor } = await listAccountActivity(db, account, { limit: 50, before }, sources);
 */
export async function listAccountActivity(
  db: Db,
  account: ActivityAccount,
  page: ActivityPageRequest,
  sources: readonly ListServiceActivity[],
): Promise<AccountActivityPage> {
  const probe = { limit: page.limit + 1, before: page.before };
  const [ledger, ...services] = await Promise.all([
    listUserTransactions(db, account.userId, probe),
    ...sources.map((listActivity) => listActivity(db, account, probe)),
  ]);
  const ledgerItems: AccountActivity[] = (ledger ?? []).map((row) => ({ ...row, subject: null }));
  const merged = [...ledgerItems, ...services.flat()].sort(newestFirst);
  const items = merged.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: merged.length > page.limit && last ? { createdAt: last.createdAt, id: last.id } : null,
  };
}
