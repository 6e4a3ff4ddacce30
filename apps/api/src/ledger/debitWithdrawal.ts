import type { Db } from '@far/db';
import { z } from 'zod';
import { applyLedgerPostings } from './applyLedgerPostings.js';
import type { LedgerPostingResult } from './creditDeposit.js';
import type { LedgerAccountRef } from './LedgerAccountRef.js';
import { lockLedgerAccounts } from './lockLedgerAccounts.js';
import {
  idempotencyKeySchema,
  metadataSchema,
  parseLedgerParams,
  positiveWeiSchema,
} from './parseLedgerParams.js';
import { postLedgerTransaction } from './postLedgerTransaction.js';

const debitWithdrawalParamsSchema = z.object({
  userId: z.uuid(),
  amount: positiveWeiSchema,
  idempotencyKey: idempotencyKeySchema,
  metadata: metadataSchema,
});

export type DebitWithdrawalParams = {
  userId: string;
  /** wei, > 0 */
  amount: bigint;
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
};

/**
 * Debits a withdrawal from the user's available balance (counterparty: `chain_deposits`).
 * Reserved funds cannot be withdrawn.
 *
 * @param executor - a database or an open transaction.
 * @param params - user, amount in wei, idempotency key, optional metadata.
 * @returns the ledger transaction id; `replayed` when the key had already been posted.
 * @throws InsufficientBalanceError when the available balance is below `amount`.
 * @example
 * await debitWithdrawal(db, { userId, amount: 5n * 10n ** 17n, idempotencyKey: `withdraw:${requestId}` });
 */
export async function debitWithdrawal(
  executor: Db,
  params: DebitWithdrawalParams,
): Promise<LedgerPostingResult> {
  const p = parseLedgerParams(debitWithdrawalParamsSchema, params, 'debitWithdrawal');
  const user: LedgerAccountRef = { kind: 'user_available', userId: p.userId };
  const external: LedgerAccountRef = { kind: 'chain_deposits' };
  return postLedgerTransaction<LedgerPostingResult>(
    executor,
    {
      idempotencyKey: p.idempotencyKey,
      kind: 'withdrawal',
      request: { userId: p.userId, amount: p.amount.toString() },
      metadata: p.metadata,
    },
    async (tx, transactionId) => {
      const locked = await lockLedgerAccounts(tx, [user, external]);
      await applyLedgerPostings(tx, transactionId, locked, [
        { account: user, amount: -p.amount },
        { account: external, amount: p.amount },
      ]);
      return { transactionId, replayed: false };
    },
    async (_tx, transactionId) => ({ transactionId, replayed: true }),
  );
}
