import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import { type ChargeWriteOff, chainCursors, chargeWriteOffs, type Db } from '@far/db';
import { eq } from 'drizzle-orm';
import type { Address, PublicClient } from 'viem';
import { explainChainError } from '../chain/explainChainError.js';
import { chainIndexerCursorName } from '../indexer/chainIndexerCursorName.js';
import { chargeEarningsAccount, isChargeEarnings } from '../ledger/chargeEarningsAccount.js';
import type { UnsettledCharge } from '../ledger/collectUnsettledCharges.js';
import { type LedgerAccountRef, ledgerAccountKey } from '../ledger/LedgerAccountRef.js';
import { lockLedgerAccounts } from '../ledger/lockLedgerAccounts.js';
import { readLedgerTransactionEntries } from '../ledger/readLedgerTransactionEntries.js';
import { readUnsettledCharges } from '../ledger/readUnsettledCharges.js';
import { reverseCharge } from '../ledger/reverseCharge.js';
import { smallerWei } from '../ledger/smallerWei.js';
import type { Logger } from '../observability/createLogger.js';

export type WriteOffUncollectableChargesParams = {
  userId: string;
  userAddress: Address;
  /** The user's unsettled charges, none in a batch. */
  charges: readonly UnsettledCharge[];
  /** Why the chain can never collect them, stored and logged. */
  reason: string;
};

/**
 * Writes off charges the chain can never collect (the user's authorization ended with nothing to
 * replace it): each is reversed in the ledger (`reverseCharge`) and recorded in `charge_write_offs`
 * with the reason, in one transaction, once (a charge already written off is skipped).
 *
 * Where the reversed FAR goes: back to the user's available balance as long as their escrow on
 * chain still holds it; the part that already left (a withdrawal the indexer could debit only in
 * part) goes to `chain_deposits`, so the ledger never shows the user FAR the chain no longer holds.
 * That part is the ledger's escrow minus the chain's, both as of the indexer's cursor: the balance
 * is read at the cursor's block, and the transaction checks the cursor has not moved since.
 *
 * @param db - the database.
 * @param publicClient - reads the escrow balance at the indexer's block.
 * @param deployments - where InferencePayment lives (and the indexer's cursor name).
 * @param params - the user, their charges and the reason.
 * @param logger - each write-off is logged.
 * @returns the rows written; empty when the indexer has not started or moved meanwhile (retry later).
 */
export async function writeOffUncollectableCharges(
  db: Db,
  publicClient: PublicClient,
  deployments: Pick<Deployments, 'chainId' | 'contracts'>,
  params: WriteOffUncollectableChargesParams,
  logger: Logger,
): Promise<ChargeWriteOff[]> {
  if (params.charges.length === 0) return [];
  const cursorName = chainIndexerCursorName(deployments);
  const readCursor = async (executor: Db, lock: boolean) => {
    const query = executor
      .select({ blockNumber: chainCursors.blockNumber })
      .from(chainCursors)
      .where(eq(chainCursors.name, cursorName));
    const [row] = lock ? await query.for('share') : await query;
    return row?.blockNumber;
  };
  const cursor = await readCursor(db, false);
  if (cursor === undefined) return [];
  let escrowOnChain: bigint;
  try {
    escrowOnChain = await publicClient.readContract({
      address: deployments.contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'userBalances',
      args: [params.userAddress],
      blockNumber: cursor,
    });
  } catch (error) {
    throw explainChainError(error);
  }

  return db.transaction(async (tx) => {
    // Holds the indexer off until this commits, so its deposits and withdrawals stay as read.
    if ((await readCursor(tx, true)) !== cursor) return [];
    const held = await lockWriteOffAccounts(tx, params);
    const escrowByLedger = held + (await readUnsettledCharges(tx, params.userId, { asOfIndexer: true }));
    let gone = escrowByLedger > escrowOnChain ? escrowByLedger - escrowOnChain : 0n;

    const written: ChargeWriteOff[] = [];
    for (const charge of params.charges) {
      const escrowGone = smallerWei(gone, charge.amount);
      let inserted: ChargeWriteOff | undefined;
      const reversal = await reverseCharge(tx, {
        chargeTransactionId: charge.transactionId,
        escrowGone,
        idempotencyKey: `write-off:${charge.transactionId}`,
        metadata: { reason: params.reason, userId: params.userId },
        alongside: async (inner, reversalTransactionId) => {
          [inserted] = await inner
            .insert(chargeWriteOffs)
            .values({
              chargeTransactionId: charge.transactionId,
              reversalTransactionId,
              userId: params.userId,
              amountWei: charge.amount,
              reason: params.reason,
            })
            .onConflictDoNothing()
            .returning();
        },
      });
      if (reversal.replayed || inserted === undefined) continue;
      gone -= escrowGone;
      written.push(inserted);
      logger.warn(
        {
          userId: params.userId,
          user: params.userAddress,
          chargeTransactionId: charge.transactionId,
          amountWei: charge.amount.toString(),
          escrowGoneWei: escrowGone.toString(),
          reason: params.reason,
        },
        'charge written off: the chain can never collect it',
      );
    }
    return written;
  });
}

/**
 * Locks every account the reversals post to in one call (lockLedgerAccounts orders them by id,
 * which is what keeps this from deadlocking with a settlement on the same accounts).
 *
 * @returns what the user's available and reserved accounts hold.
 */
async function lockWriteOffAccounts(tx: Db, params: WriteOffUncollectableChargesParams): Promise<bigint> {
  const userAccounts: LedgerAccountRef[] = [
    { kind: 'user_available', userId: params.userId },
    { kind: 'user_reserved', userId: params.userId },
  ];
  const earningsAccounts: LedgerAccountRef[] = [];
  for (const charge of params.charges) {
    for (const entry of await readLedgerTransactionEntries(tx, charge.transactionId)) {
      if (isChargeEarnings(entry.kind)) earningsAccounts.push(chargeEarningsAccount(entry));
    }
  }
  const locked = await lockLedgerAccounts(tx, [
    ...userAccounts,
    ...earningsAccounts,
    { kind: 'chain_deposits' },
  ]);
  return userAccounts.reduce((sum, ref) => sum + (locked.get(ledgerAccountKey(ref))?.balanceWei ?? 0n), 0n);
}
