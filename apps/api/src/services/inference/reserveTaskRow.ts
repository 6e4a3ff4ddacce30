import { cachedRowInsert, type Db, inferenceTasks } from '@far/db';
import type { Address } from 'viem';
import { type ReservationAdmission, reserve } from '../../ledger/reserve.js';
import type { SpendingAuthorizationGuard } from '../../spendingAuthorization/createSpendingAuthorizationGuard.js';

/** The task row a reservation writes, less the reservation's id (known only inside it). */
export type TaskRow = Omit<typeof inferenceTasks.$inferInsert, 'reservationId'> & { id: string };

/**
 * Reserves a task's price from the user's balance with its task row written in the same statement
 * as the postings (no round trip of its own), within the user's on-chain spending authorization
 * when the chain is configured. Chat completions and embeddings reserve through it.
 *
 * @param deps - the database and, with a chain, the spending-authorization guard.
 * @param user - whose balance, and the wallet whose authorization must cover it.
 * @param reservation - the amount, the ledger metadata, and the task row.
 * @returns the reservation id.
 * @throws InsufficientBalanceError (402); BaseError `spending_authorization_required` (402).
 * @example
 * const reservationId = await reserveTaskRow(deps, { userId, walletAddress }, { amount, metadata, row });
 */
export async function reserveTaskRow(
  deps: { db: Db; spendingAuthorization?: SpendingAuthorizationGuard | undefined },
  user: { userId: string; walletAddress: Address },
  reservation: { amount: bigint; metadata: Record<string, unknown>; row: TaskRow },
): Promise<string> {
  const { amount, metadata, row } = reservation;
  const reserveForTask = (admission?: ReservationAdmission) =>
    reserve(deps.db, {
      userId: user.userId,
      amount,
      idempotencyKey: `task:${row.id}:reserve`,
      metadata,
      admission,
      alongsideStatement: (tx, reservationId) =>
        cachedRowInsert(tx, inferenceTasks, { ...row, reservationId }, 'task'),
    });
  const { reservationId } = await (deps.spendingAuthorization
    ? deps.spendingAuthorization.reserveWithin(user, amount, reserveForTask)
    : reserveForTask());
  return reservationId;
}
