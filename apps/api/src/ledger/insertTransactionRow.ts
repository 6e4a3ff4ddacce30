import { type Db, type LedgerTransactionKind, ledgerTransactions } from '@far/db';
import type { Placeholder } from 'drizzle-orm';

/** A ledger_transactions row as postLedgerTransaction writes it. */
export type TransactionRow = {
  idempotencyKey: string;
  kind: LedgerTransactionKind;
  /** The request's parameters, so a replay presenting others is refused. */
  fingerprint: string;
  metadata: Record<string, unknown>;
};

/** Each column of a {@link TransactionRow}, or a placeholder for it (a cached statement's). */
type TransactionRowValues = { [K in keyof TransactionRow]: TransactionRow[K] | Placeholder };

/**
 * The insert of a ledger transaction's row: its id, or no row when the idempotency key has one
 * already (ON CONFLICT DO NOTHING: a concurrent insert of the same key waits for the first to end).
 *
 * @param tx - the open transaction.
 * @param row - the columns, or placeholders for them.
 * @returns the query builder (awaitable, or a CTE of a larger statement).
 */
export function insertTransactionRow(tx: Db, row: TransactionRowValues) {
  return tx
    .insert(ledgerTransactions)
    .values(row)
    .onConflictDoNothing({ target: ledgerTransactions.idempotencyKey })
    .returning({ id: ledgerTransactions.id });
}
