import { type Db, type LedgerTransactionKind, ledgerTransactions } from '@far/db';
import { eq } from 'drizzle-orm';
import { groupLocksOf } from './groupLocks.js';
import { IdempotencyKeyReusedError } from './IdempotencyKeyReusedError.js';
import {
  insertTransactionRow,
  type TransactionRow,
  transactionRowOf,
  transactionRowValues,
} from './insertTransactionRow.js';
import { insertTransactionRowAndLock } from './insertTransactionRowAndLock.js';
import type { LedgerAccountRef } from './LedgerAccountRef.js';
import { ledgerStatements } from './ledgerStatements.js';
import type { LockedLedgerAccount } from './lockLedgerAccounts.js';
import { transactionWithPipelinedCommit } from './transactionWithPipelinedCommit.js';

export type PostLedgerTransactionParams = {
  idempotencyKey: string;
  kind: LedgerTransactionKind;
  /** The parameters that decide the money movement; a replay must present the same ones. */
  request: Record<string, string | null>;
  metadata?: Record<string, unknown> | undefined;
  /**
   * Writes rows that must commit with the posting (the task a reservation belongs to, a task's
   * outcome), in the same transaction, after the posting (also after a replay). Passing the root
   * database plus this, instead of an open transaction, saves the savepoint's two round trips.
   */
  alongside?: ((tx: Db, transactionId: string) => Promise<void>) | undefined;
  /**
   * The accounts `apply` posts to: locked in the round trip that inserts the transaction row (see
   * insertTransactionRowAndLock) and handed to `apply`, which then needs no lock statement of its
   * own. Outside a group commit only (a group's transaction holds its locks already).
   */
  locks?: readonly LedgerAccountRef[] | undefined;
  /**
   * Sends reads of its own right behind the `locks` statement, in the same round trip: the
   * database runs them after it, so they read what the lock holds. Called only when `locks` are
   * taken with the row; `apply` then gets the locked accounts. When `apply` gets no locked
   * accounts, the lock was taken later, and what these reads saw must be read again.
   */
  readUnderLock?: ((tx: Db) => void) | undefined;
};

/**
 * Runs one ledger operation as one (nested: savepoint) database transaction, exactly once per
 * idempotency key. The ledger_transactions row is inserted first with ON CONFLICT DO NOTHING: a
 * concurrent request with the same key blocks on it until the first commits, then finds it and
 * replays, so a race never surfaces as a unique violation. If `apply` throws, the row rolls back
 * with everything else and the key stays free for a retry. Outside a caller's transaction, the
 * COMMIT is sent right behind the postings statement, without waiting for its answer
 * (transactionWithPipelinedCommit).
 *
 * @param executor - a database or an open transaction.
 * @param params - key, kind, the request fingerprint, metadata, and rows to write alongside.
 * @param apply - does the posting inside the transaction, given the new transaction id and, when
 *   `locks` were asked for and could be taken with the row, the locked accounts.
 * @param replay - rebuilds the original result from the stored transaction for a replay.
 * @returns what `apply` (first time) or `replay` (afterwards) returned.
 */
export async function postLedgerTransaction<R>(
  executor: Db,
  params: PostLedgerTransactionParams,
  apply: (tx: Db, transactionId: string, locked?: Map<string, LockedLedgerAccount>) => Promise<R>,
  replay: (tx: Db, transactionId: string) => Promise<R>,
): Promise<R> {
  const row = transactionRowOf(params);
  return transactionWithPipelinedCommit(executor, async (tx) => {
    const { transactionId, locked } =
      params.locks && !groupLocksOf(tx)
        ? await insertRowAndLockThenRead(tx, row, params.locks, params.readUnderLock)
        : { transactionId: (await insertTransactionRowCached(tx, row))[0]?.id, locked: undefined };
    if (transactionId !== undefined) {
      const applied = await apply(tx, transactionId, locked);
      await params.alongside?.(tx, transactionId);
      return applied;
    }

    const [existing] = await tx
      .select({ id: ledgerTransactions.id, fingerprint: ledgerTransactions.fingerprint })
      .from(ledgerTransactions)
      .where(eq(ledgerTransactions.idempotencyKey, params.idempotencyKey));
    if (existing === undefined) throw new Error(`ledger transaction ${params.idempotencyKey} vanished`);
    if (existing.fingerprint !== row.fingerprint) throw new IdempotencyKeyReusedError(params.idempotencyKey);
    const replayed = await replay(tx, existing.id);
    await params.alongside?.(tx, existing.id);
    return replayed;
  });
}

/** The row-and-lock statement, with `readUnderLock`'s queries queued on the connection behind it. */
function insertRowAndLockThenRead(
  tx: Db,
  row: TransactionRow,
  locks: readonly LedgerAccountRef[],
  readUnderLock: ((tx: Db) => void) | undefined,
) {
  const answer = insertTransactionRowAndLock(tx, row, locks);
  // Both statements reach the driver along the same chain of promise steps, the lock's first: the
  // driver sends them in that order, in one write (reservationLifecycle.test checks the read sees the row).
  readUnderLock?.(tx);
  return answer;
}

/** The row's insert ({@link insertTransactionRow}), rendered to SQL once, not by Drizzle per posting. */
function insertTransactionRowCached(tx: Db, row: TransactionRow) {
  return ledgerStatements.rows<{ id: string }>(
    tx,
    'postLedgerTransaction:transaction-row',
    () => insertTransactionRow(tx),
    transactionRowValues(row),
  );
}
