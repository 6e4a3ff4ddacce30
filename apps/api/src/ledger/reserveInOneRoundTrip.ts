import { randomUUID } from 'node:crypto';
import {
  type CachedStatement,
  type Db,
  hasSqlState,
  ledgerAccounts,
  ledgerEntries,
  ledgerReservations,
  ledgerTransactions,
} from '@far/db';
import { type SQL, sql } from 'drizzle-orm';
import { addStatementValues } from './addStatementValues.js';
import type { TransactionRow } from './insertTransactionRow.js';
import { insertTransactionRowAndLock } from './insertTransactionRowAndLock.js';
import type { LedgerAccountRef } from './LedgerAccountRef.js';
import { ledgerStatements } from './ledgerStatements.js';
import { answeredAtCommit, transactionWithPipelinedCommit } from './transactionWithPipelinedCommit.js';

/**
 * A reservation's admission check as one SQL condition, so the database can decide it inside the
 * reservation's own statement (see {@link reserveInOneRoundTrip}). It must admit nothing the
 * admission's `admit` would refuse; it may refuse more (then `admit` decides, two round trips later).
 */
export type AdmissionCondition = {
  /** Names the condition's shape in the statement cache. */
  key: string;
  /**
   * The condition, given the user's available balance as locked and the amount reserved (both SQL
   * numerics). Its placeholders are named `admission_…`, filled from `values`.
   */
  build: (sides: { available: SQL; amount: SQL }) => SQL;
  values: Readonly<Record<string, unknown>>;
};

/** The reservation {@link reserveInOneRoundTrip} makes. */
export type OneRoundTripReservation = {
  userId: string;
  amount: bigint;
  /** The ledger_transactions row, less its id (chosen here, so nothing waits for the insert's answer). */
  row: TransactionRow;
  admission: AdmissionCondition | undefined;
  alongsideStatement: ((tx: Db, reservationId: string) => CachedStatement) | undefined;
};

/** SQLSTATE of far_reservation_refused() (migration 0020): the guard refused; nothing committed. */
const REFUSED = 'FAR01';

/**
 * A reservation in one round trip (issue 12: the client's first token waits for the reservation to
 * be durable; at two round trips it was ~4 ms of the ~5.5 ms the coordinator added at the median).
 * BEGIN, the transaction row with its lock of the user's two accounts, the guarded postings and
 * COMMIT go out together, and nothing waits for an answer in between.
 *
 * The postings' statement decides on its own whether the reservation may happen, from what the lock
 * holds: the transaction row is the one this call inserted (not a replay), both accounts exist and
 * are locked at the version its snapshot reads (so the snapshot's other reads, such as the
 * admission's, are as of the lock), the available balance covers the amount, and the admission's
 * condition holds. If any does not, it calls `far_reservation_refused()`, which aborts the
 * transaction: its COMMIT commits nothing, and this returns undefined for the caller to take the
 * two-round-trip path, which names the refusal exactly (or replays). A refusal costs one round trip
 * more than that path alone; admitted reservations, the common case, cost one instead of two.
 *
 * Balances move by relative updates (`balance_wei + amount`) of the rows locked.
 *
 * @param db - the root database (not an open transaction: the COMMIT is what makes it one trip).
 * @param reservation - user, amount, the transaction row, the admission's condition, a task row.
 * @returns the reservation id (also its transaction's), or undefined when the guard refused.
 * @example
 * const reservationId = await reserveInOneRoundTrip(db, { userId, amount, row, admission: undefined, alongsideStatement: undefined });
 */
export async function reserveInOneRoundTrip(
  db: Db,
  reservation: OneRoundTripReservation,
): Promise<string | undefined> {
  const { userId, amount, row, admission } = reservation;
  const available: LedgerAccountRef = { kind: 'user_available', userId };
  const reserved: LedgerAccountRef = { kind: 'user_reserved', userId };
  const id = randomUUID();
  const also = reservation.alongsideStatement ? [reservation.alongsideStatement(db, id)] : [];
  const values: Record<string, unknown> = {
    ...admission?.values,
    reservation_id: id,
    reservation_user: userId,
    reservation_amount: amount.toString(),
  };
  addStatementValues(values, also, 'reservation');
  try {
    await transactionWithPipelinedCommit(db, async (tx) => {
      await answeredAtCommit(tx, insertTransactionRowAndLock(tx, row, [available, reserved], id));
      await answeredAtCommit(
        tx,
        ledgerStatements.rows(
          tx,
          `reserve:one-round-trip|${admission?.key ?? ''}|${also.map((statement) => statement.key).join('|')}`,
          () => guardedPostings(admission, also),
          values,
        ),
      );
    });
    return id;
  } catch (error) {
    if (hasSqlState(error, REFUSED)) return undefined;
    throw error;
  }
}

/** The postings' statement: the guard, then the entries, balances, reservation and `also` rows. */
function guardedPostings(admission: AdmissionCondition | undefined, also: readonly CachedStatement[]): SQL {
  const id = sql`${sql.placeholder('reservation_id')}::uuid`;
  const user = sql`${sql.placeholder('reservation_user')}::uuid`;
  const amount = sql`${sql.placeholder('reservation_amount')}::numeric`;
  const availableBalance = sql`(select balance_wei from locked where kind = 'user_available')`;
  const signed = (kind: SQL) => sql`case when ${kind} = 'user_available' then -${amount} else ${amount} end`;
  // Drizzle renders an embedded query builder in parentheses, which is the CTE's own syntax.
  const alsoCtes = also.map((statement, i) => sql`, ${sql.raw(`also${i}`)} as ${statement.build()}`);
  // `locked` re-locks what the row-and-lock statement locked (a no-op), or locks now if the accounts
  // appeared since; `seen` (this statement's snapshot) must hold both at the locked version.
  return sql`
    with locked as (
      select id, kind, balance_wei, xmin from ${ledgerAccounts}
      where user_id = ${user} and node_id is null and kind in ('user_available', 'user_reserved')
      order by id for update
    ), admitted as (
      select case when
        (select count(*) from locked join ${ledgerAccounts} seen on seen.id = locked.id and seen.xmin = locked.xmin) = 2
        and exists (select 1 from ${ledgerTransactions} where id = ${id})
        and ${availableBalance} >= ${amount}
        ${admission ? sql`and (${admission.build({ available: availableBalance, amount })})` : sql``}
      then true else far_reservation_refused() end as ok
    ), entries as (
      insert into ${ledgerEntries} (transaction_id, account_id, amount_wei)
      select ${id}, locked.id, ${signed(sql`locked.kind`)} from locked where (select ok from admitted)
    ), moved as (
      update ${ledgerAccounts} set balance_wei = ${ledgerAccounts}.balance_wei + ${signed(sql`locked.kind`)}
      from locked where ${ledgerAccounts}.id = locked.id and (select ok from admitted)
    ), reservation as (
      insert into ${ledgerReservations} (id, user_id, amount_wei, remaining_wei)
      select ${id}, ${user}, ${amount}, ${amount} where (select ok from admitted)
    )${sql.join(alsoCtes)}
    select ok from admitted`;
}
