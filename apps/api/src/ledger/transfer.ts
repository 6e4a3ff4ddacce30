import type { Db } from '@far/db';
import { z } from 'zod';
import { applyLedgerPostings, type LedgerOverdraft } from './applyLedgerPostings.js';
import type { LedgerPostingResult } from './creditDeposit.js';
import { type LedgerAccountRef, ledgerAccountKey, ledgerAccountRefSchema } from './LedgerAccountRef.js';
import { lockLedgerAccounts } from './lockLedgerAccounts.js';
import {
  idempotencyKeySchema,
  metadataSchema,
  parseLedgerParams,
  positiveWeiSchema,
} from './parseLedgerParams.js';
import { postLedgerTransaction } from './postLedgerTransaction.js';

// Reserved balances move only through reserve/capture/release, which keep the reservation rows in step.
const transferableRefSchema = ledgerAccountRefSchema.refine((ref) => ref.kind !== 'user_reserved', {
  message: 'user_reserved moves only through reserve, capture and release',
});

const transferParamsSchema = z
  .object({
    from: transferableRefSchema,
    to: transferableRefSchema,
    amount: positiveWeiSchema,
    idempotencyKey: idempotencyKeySchema,
    metadata: metadataSchema,
  })
  .refine(
    (p) => ledgerAccountKey(p.from as LedgerAccountRef) !== ledgerAccountKey(p.to as LedgerAccountRef),
    {
      message: 'from and to must be different accounts',
      path: ['to'],
    },
  );

export type TransferParams = {
  from: LedgerAccountRef;
  to: LedgerAccountRef;
  /** wei, > 0 */
  amount: bigint;
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
  /**
   * Lets `from` (the treasury only) end up to this far below zero: a treasurer's withdrawal of audit
   * pay no batch has paid yet (see {@link LedgerOverdraft}). Nothing else passes it.
   */
  overdraft?: LedgerOverdraft;
};

/**
 * Moves wei between two ledger accounts, e.g. a tournament entry fee from a player to a prize pool,
 * node earnings out to `settled` when a settlement batch pays them on chain.
 *
 * @param executor - a database or an open transaction.
 * @param params - source and destination accounts, amount in wei, idempotency key.
 * @returns the ledger transaction id; `replayed` when the key had already been posted.
 * @throws InsufficientBalanceError when `from` is an internal account holding less than `amount`
 *   (less `overdraft.upToWei`); Error when an overdraft names another account than `from`.
 * @example
 * await transfer(db, { from: { kind: 'user_available', userId: a }, to: { kind: 'user_available', userId: b },
 *   amount: 10n ** 18n, idempotencyKey: `gift:${id}` });
 */
export async function transfer(executor: Db, params: TransferParams): Promise<LedgerPostingResult> {
  const p = parseLedgerParams(transferParamsSchema, params, 'transfer');
  const from = p.from as LedgerAccountRef;
  const to = p.to as LedgerAccountRef;
  const { overdraft } = params;
  if (overdraft !== undefined && ledgerAccountKey(overdraft.account) !== ledgerAccountKey(from)) {
    throw new Error('a transfer may overdraw only its from account');
  }
  return postLedgerTransaction<LedgerPostingResult>(
    executor,
    {
      idempotencyKey: p.idempotencyKey,
      kind: 'transfer',
      request: { from: ledgerAccountKey(from), to: ledgerAccountKey(to), amount: p.amount.toString() },
      metadata: p.metadata,
    },
    async (tx, transactionId) => {
      const locked = await lockLedgerAccounts(tx, [from, to]);
      await applyLedgerPostings(
        tx,
        transactionId,
        locked,
        [
          { account: from, amount: -p.amount },
          { account: to, amount: p.amount },
        ],
        [],
        overdraft,
      );
      return { transactionId, replayed: false };
    },
    async (_tx, transactionId) => ({ transactionId, replayed: true }),
  );
}
