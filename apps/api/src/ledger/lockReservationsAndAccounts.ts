import {
  createStatementCache,
  type Db,
  type LedgerAccountKind,
  type LedgerReservationStatus,
  ledgerReservations,
} from '@far/db';
import { inArray, sql } from 'drizzle-orm';
import type { GroupLocks } from './groupLocks.js';
import type { LedgerAccountRef } from './LedgerAccountRef.js';
import {
  accountPlaceholderValues,
  lockedAccountRowOf,
  lockedAccountsOf,
  lockLedgerAccounts,
  type RawLockedAccountRow,
  selectAccountsForUpdate,
  sortedAccountRefs,
} from './lockLedgerAccounts.js';

type ReservationRow = typeof ledgerReservations.$inferSelect;

const statements = createStatementCache();

/** One row of the combined lock: a reservation (`r`) or an account (`a`). */
type LockRow = {
  row_kind: 'r' | 'a';
  id: string;
  user_id: string | null;
  kind: LedgerAccountKind | null;
  node_id: string | null;
  amount_wei: string | null;
  remaining_wei: string | null;
  status: LedgerReservationStatus | null;
  created_at: string | null;
  updated_at: string | null;
  balance_wei: string | null;
};

/**
 * Locks a group commit's reservations and then its accounts, each in id order (the lock order of
 * every posting), in one statement: the account lock's condition counts the locked reservations,
 * so every reservation is locked before any account. When some account does not exist yet (a
 * node's first earnings), the accounts are locked afterwards by lockLedgerAccounts, which creates
 * them; the reservations stay locked first.
 *
 * @param tx - the group's open transaction.
 * @param reservationIds - the reservations its postings move (duplicates allowed).
 * @param refs - the accounts its postings touch (duplicates allowed).
 * @returns the locked rows, as a group lends them to its postings (see lendGroupLocks).
 * @example
 * lendGroupLocks(tx, await lockReservationsAndAccounts(tx, [reservationId], accounts));
 */
export async function lockReservationsAndAccounts(
  tx: Db,
  reservationIds: readonly string[],
  refs: readonly LedgerAccountRef[],
): Promise<GroupLocks> {
  const ids = [...new Set(reservationIds)].sort();
  const sorted = sortedAccountRefs(refs);
  if (ids.length === 0) return { accounts: await lockLedgerAccounts(tx, sorted), reservations: new Map() };

  const { shape, values } = accountPlaceholderValues(sorted);
  for (const [i, id] of ids.entries()) values[`r${i}`] = id;
  // Rendered once per shape: how many reservations, and the accounts' kinds.
  const rows = await statements.rows<LockRow>(
    tx,
    `${ids.length}:${shape}`,
    () => {
      const reservationLock = tx
        .select()
        .from(ledgerReservations)
        .where(
          inArray(
            ledgerReservations.id,
            ids.map((_, i) => sql.placeholder(`r${i}`)),
          ),
        )
        .orderBy(ledgerReservations.id)
        .for('update');
      const accountLock =
        sorted.length > 0
          ? selectAccountsForUpdate(tx, sorted, {
              onlyIfAllExist: true,
              // Always true; it makes the reservations locked (all counted) before any account row.
              also: sql`(select count(*) from held_reservations) >= 0`,
              placeholders: true,
            })
          : undefined;
      return sql`with held_reservations as ${reservationLock}${accountLock ? sql`, held_accounts as ${accountLock}` : sql``}
    select 'r' as row_kind, id, user_id, null::text as kind, null::uuid as node_id,
      amount_wei::text as amount_wei, remaining_wei::text as remaining_wei, status::text as status,
      to_json(created_at) #>> '{}' as created_at, to_json(updated_at) #>> '{}' as updated_at,
      null::text as balance_wei
    from held_reservations
    ${
      accountLock
        ? sql`union all
    select 'a', id, user_id, kind::text, node_id, null, null, null, null, null, balance_wei::text
    from held_accounts`
        : sql``
    }`;
    },
    values,
  );

  const reservations = new Map<string, ReservationRow>();
  const accountRows = [];
  for (const row of rows) {
    if (row.row_kind === 'r') {
      reservations.set(row.id, {
        id: row.id,
        userId: row.user_id as string,
        amountWei: BigInt(row.amount_wei as string),
        remainingWei: BigInt(row.remaining_wei as string),
        status: row.status as LedgerReservationStatus,
        createdAt: new Date(row.created_at as string),
        updatedAt: new Date(row.updated_at as string),
      });
    } else {
      accountRows.push(lockedAccountRowOf(row as RawLockedAccountRow));
    }
  }
  const accounts =
    accountRows.length === sorted.length
      ? lockedAccountsOf(accountRows)
      : await lockLedgerAccounts(tx, sorted);
  return { accounts, reservations };
}
