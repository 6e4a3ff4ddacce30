import type { Db } from '@far/db';
import { z } from 'zod';
import { moveReservation, type RevenueSplit } from './moveReservation.js';
import {
  idempotencyKeySchema,
  metadataSchema,
  parseLedgerParams,
  positiveWeiSchema,
} from './parseLedgerParams.js';
import { postLedgerTransaction } from './postLedgerTransaction.js';
import { readLedgerTransactionEntries, sumEntriesOfKind } from './readLedgerTransactionEntries.js';
import { revenueSplitSchema } from './revenueSplitSchema.js';

const captureParamsSchema = z.object({
  reservationId: z.uuid(),
  amount: positiveWeiSchema,
  split: revenueSplitSchema,
  idempotencyKey: idempotencyKeySchema,
  metadata: metadataSchema,
});

export type CaptureParams = {
  reservationId: string;
  /** wei, > 0 and ≤ what the reservation still holds. */
  amount: bigint;
  split: RevenueSplit;
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
};

export type CaptureResult = { transactionId: string; replayed: boolean; captured: bigint };

/**
 * Charges part of a reservation and pays it out to node, stakers and treasury; the rest stays
 * reserved (the reservation closes if nothing is left). Prefer {@link settleReservation} when the
 * final cost is known: it captures and releases the rest in one transaction.
 *
 * @param executor - a database or an open transaction.
 * @param params - reservation, amount in wei, split (node + stakers + treasury = amount), key.
 * @returns the ledger transaction and the amount captured.
 * @throws CaptureExceedsReservationError, ReservationClosedError, ReservationNotFoundError, InvalidSplitError.
 * @example
 * await capture(db, { reservationId, amount: 100n, split: { nodeId, node: 60n, stakers: 20n, treasury: 20n },
 *   idempotencyKey: `task:${taskId}:capture:1` });
 */
export async function capture(executor: Db, params: CaptureParams): Promise<CaptureResult> {
  const p = parseLedgerParams(captureParamsSchema, params, 'capture');
  const split = p.split as RevenueSplit;
  return postLedgerTransaction<CaptureResult>(
    executor,
    {
      idempotencyKey: p.idempotencyKey,
      kind: 'capture',
      request: {
        reservationId: p.reservationId,
        amount: p.amount.toString(),
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
    },
    async (tx, transactionId) => {
      const { captured } = await moveReservation(tx, transactionId, p.reservationId, {
        capture: { amount: p.amount, split },
        releaseRest: false,
      });
      return { transactionId, replayed: false, captured };
    },
    async (tx, transactionId) => {
      const entries = await readLedgerTransactionEntries(tx, transactionId);
      return { transactionId, replayed: true, captured: -sumEntriesOfKind(entries, 'user_reserved') };
    },
  );
}
