import { createStatementCache, type Db } from '@far/db';
import { sql } from 'drizzle-orm';
import { insertTransactionRow, type TransactionRow, transactionRowValues } from './insertTransactionRow.js';
import type { LedgerAccountRef } from './LedgerAccountRef.js';
import {
  accountPlaceholderValues,
  type LockedLedgerAccount,
  lockedAccountRowOf,
  lockedAccountsOf,
  type RawLockedAccountRow,
  selectAccountsForUpdate,
  sortedAccountRefs,
} from './lockLedgerAccounts.js';

type Nullable<T> = { [K in keyof T]: T[K] | null };

const statements = createStatementCache();

export type TransactionRowAndLocks = {
  /** The new ledger_transactions row's id; undefined when the key already had one (a replay). */
  transactionId: string | undefined;
  /**
   * The accounts, locked in id order, when the row was inserted and every account exists; else
   * undefined, and nothing is locked (the caller locks with lockLedgerAccounts, which creates them).
   */
  locked: Map<string, LockedLedgerAccount> | undefined;
};

/**
 * A posting's first two steps in one round trip: inserts its ledger_transactions row
 * ({@link insertTransactionRow}) and, only once that row is in, locks the accounts
 * it posts to, as lockLedgerAccounts does. The lock waits on the insert (its condition reads the
 * inserted row, evaluated once before any account row is locked), so the order stays that of two
 * statements: a request racing another with the same key waits on the key while holding no
 * account lock, then replays. Its SQL is rendered once per shape of the accounts (their kinds).
 *
 * @param tx - the posting's open transaction.
 * @param row - the ledger_transactions row.
 * @param refs - the accounts the posting touches (duplicates allowed).
 * @param id - the row's id, when the caller chooses it (see reserveInOneRoundTrip); else the default.
 * @returns the new row's id, if any, and the locked accounts, if all existed.
 * @example
 * const { transactionId, locked } = await insertTransactionRowAndLock(tx, row, [available, reserved]);
 */
export async function insertTransactionRowAndLock(
  tx: Db,
  row: TransactionRow,
  refs: readonly LedgerAccountRef[],
  id?: string,
): Promise<TransactionRowAndLocks> {
  const sorted = sortedAccountRefs(refs);
  const { shape, values } = accountPlaceholderValues(sorted);
  // One row when nothing is locked (the account columns null), else one per locked account.
  const rows = await statements.rows<{ transaction_id: string | null } & Nullable<RawLockedAccountRow>>(
    tx,
    id === undefined ? shape : `${shape}|id`,
    () => {
      const insertRow = insertTransactionRow(tx, id !== undefined);
      const lock = selectAccountsForUpdate(tx, sorted, {
        onlyIfAllExist: true,
        also: sql`exists (select 1 from inserted)`,
        placeholders: true,
      });
      return sql`with inserted as ${insertRow}, locked as ${lock}
    select new_row.id as transaction_id, locked.id, locked.kind, locked.user_id, locked.node_id,
      locked.balance_wei::text as balance_wei
    from (select (select id from inserted) as id) as new_row left join locked on true`;
    },
    { ...values, ...transactionRowValues(row), ...(id === undefined ? {} : { id }) },
  );
  const transactionId = rows[0]?.transaction_id ?? undefined;
  const accounts = rows.flatMap((answer) =>
    answer.id === null ? [] : [lockedAccountRowOf(answer as RawLockedAccountRow)],
  );
  return {
    transactionId,
    locked:
      transactionId !== undefined && accounts.length === sorted.length
        ? lockedAccountsOf(accounts)
        : undefined,
  };
}
