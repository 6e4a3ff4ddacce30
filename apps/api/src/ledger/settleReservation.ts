import type { CachedStatement, Db } from '@far/db';
import { z } from 'zod';
import { ledgerStatements } from './ledgerStatements.js';
import { moveReservation, type RevenueSplit } from './moveReservation.js';
import {
  idempotencyKeySchema,
  metadataSchema,
  nonNegativeWeiSchema,
  parseLedgerParams,
} from './parseLedgerParams.js';
import { postLedgerTransaction } from './postLedgerTransaction.js';
import { readLedgerTransactionEntries, sumEntriesOfKind } from './readLedgerTransactionEntries.js';
import { revenueSplitSchema } from './revenueSplitSchema.js';

const settleReservationParamsSchema = z.object({
  reservationId: z.uuid(),
  actual: nonNegativeWeiSchema,
  split: revenueSplitSchema,
  idempotencyKey: idempotencyKeySchema,
  metadata: metadataSchema,
});

export type SettleReservationParams = {
  reservationId: string;
  /** The final cost in wei (0 when nothing was delivered); ≤ what the reservation holds. */
  actual: bigint;
  /** node + stakers + treasury must equal `actual`. */
  split: RevenueSplit;
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
  /** Rows that must commit with the settlement, e.g. the task's outcome (see postLedgerTransaction). */
  alongside?: ((tx: Db, transactionId: string) => Promise<void>) | undefined;
  /**
   * Statements that must commit with the settlement and need no answer (the task's outcome rows),
   * sent in the same round trip as the postings as data-modifying CTEs: each must be a plain
   * INSERT, UPDATE or DELETE without a WITH clause of its own, on rows the posting does not touch,
   * its placeholders not named `posting_…` or `move_…`. On a replay they run one by one.
   */
  alongsideStatements?: ((tx: Db) => readonly CachedStatement[]) | undefined;
};

export type SettleReservationResult = {
  transactionId: string;
  replayed: boolean;
  captured: bigint;
  released: bigint;
};

/**
 * Closes a reservation at its final cost in one transaction: charges `actual`, pays it out to node,
 * stakers and treasury, and returns the rest to the user's available balance. Call it inside the
 * transaction that writes the task row, so the task and the money commit together.
 *
 * @param executor - a database or an open transaction (the posting then runs in a savepoint).
 * @param params - reservation, actual cost, split, idempotency key.
 * @returns the ledger transaction, what was captured and what was released.
 * @throws CaptureExceedsReservationError, ReservationClosedError, ReservationNotFoundError, InvalidSplitError.
 * @example
 * await db.transaction(async (tx) => {
 *   await tx.update(inferenceTasks).set({ status: 'completed', costFarWei: actual }).where(eq(inferenceTasks.id, id));
 *   await settleReservation(tx, { reservationId, actual, split: { nodeId, node, stakers, treasury },
 *     idempotencyKey: `task:${taskId}:settle` });
 * });
 */
export async function settleReservation(
  executor: Db,
  params: SettleReservationParams,
): Promise<SettleReservationResult> {
  const p = parseLedgerParams(settleReservationParamsSchema, params, 'settleReservation');
  const split = p.split as RevenueSplit;
  return postLedgerTransaction<SettleReservationResult>(
    executor,
    {
      idempotencyKey: p.idempotencyKey,
      kind: 'settle_reservation',
      request: {
        reservationId: p.reservationId,
        actual: p.actual.toString(),
        nodeId: split.nodeId ?? null,
        node: split.node.toString(),
        stakers: split.stakers.toString(),
        treasury: split.treasury.toString(),
        // Only when present, so the request of a posting without one (and its replay check) is unchanged.
        ...(split.creator
          ? { creatorUserId: split.creator.userId, creator: split.creator.amount.toString() }
          : {}),
      },
      metadata: p.metadata,
      alongside: params.alongside,
    },
    async (tx, transactionId) => {
      const moved = await moveReservation(
        tx,
        transactionId,
        p.reservationId,
        {
          ...(p.actual > 0n ? { capture: { amount: p.actual, split } } : {}),
          releaseRest: true,
        },
        params.alongsideStatements?.(tx) ?? [],
      );
      return { transactionId, replayed: false, ...moved };
    },
    async (tx, transactionId) => {
      for (const statement of params.alongsideStatements?.(tx) ?? [])
        await ledgerStatements.run(tx, statement);
      const entries = await readLedgerTransactionEntries(tx, transactionId);
      const released = sumEntriesOfKind(entries, 'user_available');
      const captured = -sumEntriesOfKind(entries, 'user_reserved') - released;
      return { transactionId, replayed: true, captured, released };
    },
  );
}
