import type { Db } from '@far/db';
import { z } from 'zod';
import { applyLedgerPostings, type LedgerPosting } from './applyLedgerPostings.js';
import { chargeEarningsAccount, isChargeEarnings } from './chargeEarningsAccount.js';
import type { LedgerAccountRef } from './LedgerAccountRef.js';
import { lockLedgerAccounts } from './lockLedgerAccounts.js';
import {
  idempotencyKeySchema,
  metadataSchema,
  nonNegativeWeiSchema,
  parseLedgerParams,
} from './parseLedgerParams.js';
import { postLedgerTransaction } from './postLedgerTransaction.js';
import { readLedgerTransactionEntries } from './readLedgerTransactionEntries.js';

const reverseChargeParamsSchema = z.object({
  chargeTransactionId: z.uuid(),
  escrowGone: nonNegativeWeiSchema,
  idempotencyKey: idempotencyKeySchema,
  metadata: metadataSchema,
});

export type ReverseChargeParams = {
  /** The `capture` or `settle_reservation` transaction whose charge is reversed. */
  chargeTransactionId: string;
  /**
   * Of the charge, what already left the escrow on chain (a withdrawal the ledger could not debit
   * in full): it goes to `chain_deposits` instead of back to the user. At most the charge.
   */
  escrowGone: bigint;
  idempotencyKey: string;
  metadata?: Record<string, unknown>;
  /** Rows that must commit with the reversal (see postLedgerTransaction). */
  alongside?: ((tx: Db, transactionId: string) => Promise<void>) | undefined;
};

export type ReverseChargeResult = {
  transactionId: string;
  replayed: boolean;
  userId: string;
  /** node + stakers + treasury (+ creator) of the charge: what was reversed. */
  amount: bigint;
};

/**
 * Reverses a charge the chain will never collect (a `write_off`): the node's, stakers',
 * treasury's and (for a creator fee) the creator's earnings of that charge go back, to the user's available balance — or, for the part
 * whose escrow already left on chain, to `chain_deposits` — so the ledger holds no earnings the
 * chain will never pay.
 *
 * @param executor - a database or an open transaction; one that already holds ledger locks must
 *   hold this charge's earnings accounts, the user's available account and `chain_deposits` from
 *   the same lockLedgerAccounts call (see writeOffUncollectableCharges), or the id order is lost.
 * @param params - the charge, how much of it left escrow already, idempotency key.
 * @returns the reversal, its user and amount.
 * @throws Error when the transaction is not a charge; InsufficientBalanceError if its earnings were already moved on.
 * @example
 * await reverseCharge(db, { chargeTransactionId, escrowGone: 0n, idempotencyKey: `write-off:${chargeTransactionId}` });
 */
export async function reverseCharge(executor: Db, params: ReverseChargeParams): Promise<ReverseChargeResult> {
  const p = parseLedgerParams(reverseChargeParamsSchema, params, 'reverseCharge');
  const charged = async (tx: Db) => {
    const entries = await readLedgerTransactionEntries(tx, p.chargeTransactionId);
    const userId = entries.find((e) => e.kind === 'user_reserved')?.userId;
    const earnings = entries.filter((e) => isChargeEarnings(e.kind));
    if (userId == null || earnings.length === 0) {
      throw new Error(`ledger transaction ${p.chargeTransactionId} charges no user`);
    }
    return { userId, earnings, amount: earnings.reduce((sum, e) => sum + e.amount, 0n) };
  };
  return postLedgerTransaction<ReverseChargeResult>(
    executor,
    {
      idempotencyKey: p.idempotencyKey,
      kind: 'write_off',
      request: { chargeTransactionId: p.chargeTransactionId, escrowGone: p.escrowGone.toString() },
      metadata: { ...p.metadata, chargeTransactionId: p.chargeTransactionId },
      alongside: params.alongside,
    },
    async (tx, transactionId) => {
      const { userId, earnings, amount } = await charged(tx);
      if (p.escrowGone > amount) throw new Error(`escrowGone ${p.escrowGone} exceeds the charge ${amount}`);
      const user: LedgerAccountRef = { kind: 'user_available', userId };
      const postings: LedgerPosting[] = earnings.map((e) => ({
        account: chargeEarningsAccount(e),
        amount: -e.amount,
      }));
      postings.push({ account: user, amount: amount - p.escrowGone });
      if (p.escrowGone > 0n) postings.push({ account: { kind: 'chain_deposits' }, amount: p.escrowGone });
      const locked = await lockLedgerAccounts(
        tx,
        postings.map((posting) => posting.account),
      );
      await applyLedgerPostings(tx, transactionId, locked, postings);
      return { transactionId, replayed: false, userId, amount };
    },
    async (tx, transactionId) => {
      const { userId, amount } = await charged(tx);
      return { transactionId, replayed: true, userId, amount };
    },
  );
}
