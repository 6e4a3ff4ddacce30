import type { Db } from '@far/db';
import { z } from 'zod';
import { moveReservation } from './moveReservation.js';
import { idempotencyKeySchema, metadataSchema, parseLedgerParams } from './parseLedgerParams.js';
import { postLedgerTransaction } from './postLedgerTransaction.js';
import { readLedgerTransactionEntries, sumEntriesOfKind } from './readLedgerTransactionEntries.js';

const releaseParamsSchema = z.object({
  reservationId: z.uuid(),
  idempotencyKey: idempotencyKeySchema,
  metadata: metadataSchema,
});

export type ReleaseParams = {
  reservationId: string;
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
};
export type ReleaseResult = { transactionId: string; replayed: boolean; released: bigint };

/**
 * Cancels what is left of a reservation: returns it to the user's available balance and closes
 * the reservation (e.g. the task failed before any token was delivered).
 *
 * @param executor - a database or an open transaction.
 * @param params - reservation and idempotency key.
 * @returns the ledger transaction and the amount released.
 * @throws ReservationClosedError, ReservationNotFoundError.
 * @example
 * await release(db, { reservationId, idempotencyKey: `task:${taskId}:release` });
 */
export async function release(executor: Db, params: ReleaseParams): Promise<ReleaseResult> {
  const p = parseLedgerParams(releaseParamsSchema, params, 'release');
  return postLedgerTransaction<ReleaseResult>(
    executor,
    {
      idempotencyKey: p.idempotencyKey,
      kind: 'release',
      request: { reservationId: p.reservationId },
      metadata: p.metadata,
    },
    async (tx, transactionId) => {
      const { released } = await moveReservation(tx, transactionId, p.reservationId, { releaseRest: true });
      return { transactionId, replayed: false, released };
    },
    async (tx, transactionId) => {
      const entries = await readLedgerTransactionEntries(tx, transactionId);
      return { transactionId, replayed: true, released: sumEntriesOfKind(entries, 'user_available') };
    },
  );
}
