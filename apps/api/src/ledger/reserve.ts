import { type Db, ledgerReservations } from '@far/db';
import { z } from 'zod';
import { applyLedgerPostings } from './applyLedgerPostings.js';
import type { LedgerAccountRef } from './LedgerAccountRef.js';
import { lockLedgerAccounts } from './lockLedgerAccounts.js';
import {
  idempotencyKeySchema,
  metadataSchema,
  parseLedgerParams,
  positiveWeiSchema,
} from './parseLedgerParams.js';
import { postLedgerTransaction } from './postLedgerTransaction.js';

const reserveParamsSchema = z.object({
  userId: z.uuid(),
  amount: positiveWeiSchema,
  idempotencyKey: idempotencyKeySchema,
  metadata: metadataSchema,
});

export type ReserveParams = {
  userId: string;
  /** wei, > 0: the most the operation may cost (e.g. priced at prompt + max_tokens). */
  amount: bigint;
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
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
 * @param executor - a database or an open transaction.
 * @param params - user, amount in wei, idempotency key.
 * @returns the reservation id.
 * @throws InsufficientBalanceError (HTTP 402) when the available balance is below `amount`.
 * @example
 * const { reservationId } = await reserve(db, { userId, amount: estimate, idempotencyKey: `task:${taskId}:reserve` });
 */
export async function reserve(executor: Db, params: ReserveParams): Promise<ReserveResult> {
  const p = parseLedgerParams(reserveParamsSchema, params, 'reserve');
  const available: LedgerAccountRef = { kind: 'user_available', userId: p.userId };
  const reserved: LedgerAccountRef = { kind: 'user_reserved', userId: p.userId };
  return postLedgerTransaction<ReserveResult>(
    executor,
    {
      idempotencyKey: p.idempotencyKey,
      kind: 'reserve',
      request: { userId: p.userId, amount: p.amount.toString() },
      metadata: p.metadata,
    },
    async (tx, transactionId) => {
      const locked = await lockLedgerAccounts(tx, [available, reserved]);
      await applyLedgerPostings(tx, transactionId, locked, [
        { account: available, amount: -p.amount },
        { account: reserved, amount: p.amount },
      ]);
      await tx
        .insert(ledgerReservations)
        .values({ id: transactionId, userId: p.userId, amountWei: p.amount, remainingWei: p.amount });
      return { reservationId: transactionId, transactionId, replayed: false };
    },
    async (_tx, transactionId) => ({ reservationId: transactionId, transactionId, replayed: true }),
  );
}
