import type { Db, ledgerReservations } from '@far/db';
import type { LockedLedgerAccount } from './lockLedgerAccounts.js';

type ReservationRow = typeof ledgerReservations.$inferSelect;

/** What a group commit's transaction has locked, as the group's own postings leave it. */
export type GroupLocks = {
  /** The locked accounts by ledgerAccountKey; applyLedgerPostings moves their balances in place. */
  accounts: Map<string, LockedLedgerAccount>;
  /** The locked reservation rows, each handed out once (its job then changes it). */
  reservations: Map<string, ReservationRow>;
};

const locksOf = new WeakMap<Db, GroupLocks>();

/**
 * Lends a group commit's locks to the executor its jobs run on, so that a job's own
 * `lockLedgerAccounts` and reservation lock are answered from them instead of a statement each.
 * Only for an executor on which every posting of the transaction goes through these objects (the
 * group's flattened transaction: a nested `transaction()` runs on the same executor); a rolled-back
 * group takes the executor, and its locks, with it.
 *
 * @param executor - the group's transaction as its jobs see it.
 * @param locks - the accounts and reservations the group locked.
 */
export function lendGroupLocks(executor: Db, locks: GroupLocks): void {
  locksOf.set(executor, locks);
}

/**
 * The locks lent to `executor` by its group commit, if any.
 *
 * @param executor - a database handle or transaction.
 * @returns the group's locks, or undefined outside a group.
 */
export function groupLocksOf(executor: Db): GroupLocks | undefined {
  return locksOf.get(executor);
}
