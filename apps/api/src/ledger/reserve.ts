import { type CachedStatement, type Db, ledgerReservations } from '@far/db';
import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { applyLedgerPostings } from './applyLedgerPostings.js';
import type { Balances } from './getBalances.js';
import { transactionRowOf } from './insertTransactionRow.js';
import { type LedgerAccountRef, ledgerAccountKey } from './LedgerAccountRef.js';
import { ledgerStatements } from './ledgerStatements.js';
import { lockLedgerAccounts } from './lockLedgerAccounts.js';
import {
  idempotencyKeySchema,
  metadataSchema,
  parseLedgerParams,
  positiveWeiSchema,
} from './parseLedgerParams.js';
import { postLedgerTransaction } from './postLedgerTransaction.js';
import { type AdmissionCondition, reserveInOneRoundTrip } from './reserveInOneRoundTrip.js';

const reserveParamsSchema = z.object({
  userId: z.uuid(),
  amount: positiveWeiSchema,
  idempotencyKey: idempotencyKeySchema,
  metadata: metadataSchema,
});

/**
 * A check a reservation must pass before anything moves, run under the lock of the user's two
 * accounts with their balances as locked (no concurrent posting can change them until the
 * transaction ends). Throw from `admit` to refuse: the whole reservation rolls back.
 */
export type ReservationAdmission = {
  /**
   * Sends the reads `admit` needs right behind the lock statement, in its round trip (see
   * postLedgerTransaction's `readUnderLock`); optional. Their promises' rejections must be handled.
   */
  readUnderLock?: ((tx: Db) => void) | undefined;
  /** `readRanUnderLock` false: what `readUnderLock` sent (if anything) ran before the lock; read again. */
  admit(tx: Db, balances: Balances, readRanUnderLock: boolean): Promise<void>;
  /**
   * The same check as one SQL condition, for a reservation in one round trip (see
   * reserveInOneRoundTrip); undefined (or absent) when it cannot be put so: then `admit` decides.
   */
  condition?: (() => AdmissionCondition | undefined) | undefined;
};

export type ReserveParams = {
  userId: string;
  /** wei, > 0: the most the operation may cost (e.g. priced at prompt + max_tokens). */
  amount: bigint;
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
  /** An admission check run under the lock of the user's two accounts (see {@link ReservationAdmission}). */
  admission?: ReservationAdmission | undefined;
  /** Rows that must commit with the reservation, e.g. the task that holds it (see postLedgerTransaction). */
  alongside?: ((tx: Db, reservationId: string) => Promise<void>) | undefined;
  /**
   * One statement that must commit with the reservation and needs no answer (the insert of the task
   * that holds it), sent in the same round trip as the postings; on a replay it runs on its own.
   * Its placeholders must not be named `posting_…`, `reservation_…` or `admission_…` (the postings'
   * and the admission condition's own).
   */
  alongsideStatement?: ((tx: Db, reservationId: string) => CachedStatement) | undefined;
};

export type ReserveResult = {
  /** Pass to capture / release / settleReservation; it is also the reserve transaction's id. */
  reservationId: string;
  transactionId: string;
  replayed: boolean;
};

/**
 * Holds `amount` of the user's available balance for a pending charge, moving it to the user's
 * reserved account. Settle it later with {@link settleReservation} (or capture / release).
 *
 * Given the root database, it is one round trip when admitted ({@link reserveInOneRoundTrip}: an
 * admission must then have a `condition`); a refusal, a replay, or a user's first reservation take
 * two more, through the path that also runs inside a caller's transaction.
 *
 * @param executor - a database or an open transaction.
 * @param params - user, amount in wei, idempotency key; optionally an admission check under the
 *   lock and rows to write alongside.
 * @returns the reservation id.
 * @throws InsufficientBalanceError (HTTP 402) when the available balance is below `amount`.
 * @example
 * const { reservationId } = await reserve(db, { userId, amount: estimate, idempotencyKey: `task:${taskId}:reserve` });
 */
export async function reserve(executor: Db, params: ReserveParams): Promise<ReserveResult> {
  const p = parseLedgerParams(reserveParamsSchema, params, 'reserve');
  const request = { userId: p.userId, amount: p.amount.toString() };
  // Outside a caller's transaction, try the one round trip first; its guard refuses what this path
  // would refuse or replay, and then nothing of it committed. An admission takes part only as a condition.
  const oneTrip = !(executor instanceof PgTransaction) && !params.alongside;
  const condition = oneTrip ? params.admission?.condition?.() : undefined;
  if (oneTrip && (!params.admission || condition !== undefined)) {
    const reservationId = await reserveInOneRoundTrip(executor, {
      userId: p.userId,
      amount: p.amount,
      row: transactionRowOf({
        idempotencyKey: p.idempotencyKey,
        kind: 'reserve',
        request,
        metadata: p.metadata,
      }),
      admission: condition,
      alongsideStatement: params.alongsideStatement,
    });
    if (reservationId !== undefined) return { reservationId, transactionId: reservationId, replayed: false };
  }
  const available: LedgerAccountRef = { kind: 'user_available', userId: p.userId };
  const reserved: LedgerAccountRef = { kind: 'user_reserved', userId: p.userId };
  return postLedgerTransaction<ReserveResult>(
    executor,
    {
      idempotencyKey: p.idempotencyKey,
      kind: 'reserve',
      request,
      metadata: p.metadata,
      alongside: params.alongside,
      locks: [available, reserved],
      readUnderLock: params.admission?.readUnderLock,
    },
    async (tx, transactionId, lockedWithRow) => {
      const locked = lockedWithRow ?? (await lockLedgerAccounts(tx, [available, reserved]));
      if (params.admission) {
        const balances = {
          available: locked.get(ledgerAccountKey(available))?.balanceWei ?? 0n,
          reserved: locked.get(ledgerAccountKey(reserved))?.balanceWei ?? 0n,
        };
        await params.admission.admit(tx, balances, lockedWithRow !== undefined);
      }
      await applyLedgerPostings(
        tx,
        transactionId,
        locked,
        [
          { account: available, amount: -p.amount },
          { account: reserved, amount: p.amount },
        ],
        [
          {
            key: 'reserve:open-reservation',
            build: () =>
              tx.insert(ledgerReservations).values({
                id: sql.placeholder('reservation_id'),
                userId: sql.placeholder('reservation_user'),
                amountWei: sql.placeholder('reservation_amount'),
                remainingWei: sql.placeholder('reservation_amount'),
              }),
            values: {
              reservation_id: transactionId,
              reservation_user: p.userId,
              reservation_amount: p.amount,
            },
          },
          ...(params.alongsideStatement ? [params.alongsideStatement(tx, transactionId)] : []),
        ],
      );
      return { reservationId: transactionId, transactionId, replayed: false };
    },
    async (tx, transactionId) => {
      if (params.alongsideStatement)
        await ledgerStatements.run(tx, params.alongsideStatement(tx, transactionId));
      return { reservationId: transactionId, transactionId, replayed: true };
    },
  );
}
