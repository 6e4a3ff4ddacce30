import type { Db } from '@far/db';
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

const creditDepositParamsSchema = z.object({
  userId: z.uuid(),
  amount: positiveWeiSchema,
  idempotencyKey: idempotencyKeySchema,
  metadata: metadataSchema,
});

export type CreditDepositParams = {
  userId: string;
  /** wei, > 0 */
  amount: bigint;
  /** e.g. `deposit:{chainId}:{txHash}:{logIndex}`, so re-indexing a block credits once. */
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
};

/** The ledger transaction a posting created (or, on replay, created the first time). */
export type LedgerPostingResult = { transactionId: string; replayed: boolean };

/**
 * Credits an on-chain deposit to the user's available balance (counterparty: `chain_deposits`).
 *
 * @param executor - a database or an open transaction (the posting then runs in a savepoint).
 * @param params - user, amount in wei, idempotency key, optional metadata such as the tx hash.
 * @returns the ledger transaction id; `replayed` when the key had already been posted.
 * @example
 * await creditDeposit(db, { userId, amount: 10n ** 18n, idempotencyKey: `deposit:56:${hash}:0` });
 */
export async function creditDeposit(executor: Db, params: CreditDepositParams): Promise<LedgerPostingResult> {
  const p = parseLedgerParams(creditDepositParamsSchema, params, 'creditDeposit');
  const user: LedgerAccountRef = { kind: 'user_available', userId: p.userId };
  const external: LedgerAccountRef = { kind: 'chain_deposits' };
  return postLedgerTransaction<LedgerPostingResult>(
    executor,
    {
      idempotencyKey: p.idempotencyKey,
      kind: 'deposit',
      request: { userId: p.userId, amount: p.amount.toString() },
      metadata: p.metadata,
    },
    async (tx, transactionId) => {
      const locked = await lockLedgerAccounts(tx, [user, external]);
      await applyLedgerPostings(tx, transactionId, locked, [
        { account: external, amount: -p.amount },
        { account: user, amount: p.amount },
      ]);
      return { transactionId, replayed: false };
    },
    async (_tx, transactionId) => ({ transactionId, replayed: true }),
  );
}
