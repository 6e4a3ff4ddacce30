import { type Db, type LedgerTransactionKind, ledgerTransactions } from '@far/db';
import { sql } from 'drizzle-orm';

/** A ledger_transactions row as postLedgerTransaction writes it. */
export type TransactionRow = {
  idempotencyKey: string;
  kind: LedgerTransactionKind;
  /** The request's parameters, so a replay presenting others is refused. */
  fingerprint: string;
  metadata: Record<string, unknown>;
};

/**
 * The insert of a ledger transaction's row, a placeholder per column (it is run through a statement
 * cache, alone or as a CTE; fill it with {@link transactionRowValues}): its id, or no row when the
 * idempotency key has one already (ON CONFLICT DO NOTHING: a concurrent insert of the same key
 * waits for the first to end).
 *
 * @param tx - builds the statement (it is not run here).
 * @param withId - the id is a placeholder too (`id`), chosen by the caller; else the column's default.
 * @returns the query builder.
 */
export function insertTransactionRow(tx: Db, withId = false) {
  return tx
    .insert(ledgerTransactions)
    .values({
      ...(withId ? { id: sql.placeholder('id') } : {}),
      idempotencyKey: sql.placeholder('key'),
      kind: sql.placeholder('kind'),
      fingerprint: sql.placeholder('fingerprint'),
      metadata: sql.placeholder('metadata'),
    })
    .onConflictDoNothing({ target: ledgerTransactions.idempotencyKey })
    .returning({ id: ledgerTransactions.id });
}

/** The values of {@link insertTransactionRow}'s placeholders for `row`. */
export function transactionRowValues(row: TransactionRow) {
  return { key: row.idempotencyKey, kind: row.kind, fingerprint: row.fingerprint, metadata: row.metadata };
}

/**
 * The row {@link insertTransactionRow} writes for a ledger operation.
 *
 * @param params - its idempotency key, kind, the parameters that decide the money movement (its
 *   fingerprint: a replay must present the same ones), and metadata.
 * @returns the row.
 */
export function transactionRowOf(params: {
  idempotencyKey: string;
  kind: LedgerTransactionKind;
  request: Record<string, string | null>;
  metadata?: Record<string, unknown> | undefined;
}): TransactionRow {
  return {
    idempotencyKey: params.idempotencyKey,
    kind: params.kind,
    fingerprint: JSON.stringify({ kind: params.kind, ...params.request }),
    metadata: params.metadata ?? {},
  };
}
