import type { Db } from '@far/db';
import { collectUnsettledAuditPayouts } from '../ledger/collectUnsettledAuditPayouts.js';
import { getAccountBalance } from '../ledger/getAccountBalance.js';
import { hasLedgerTransaction } from '../ledger/hasLedgerTransaction.js';
import { smallerWei } from '../ledger/smallerWei.js';
import { transfer } from '../ledger/transfer.js';
import type { Logger } from '../observability/createLogger.js';

/** How many unsettled audit payouts the warning sums (far more than batches ever leave waiting). */
const AUDIT_PAYOUTS_SUMMED = 10_000;

/**
 * The treasury's credited share left the contract (`TreasuryWithdrawn`): the ledger's treasury
 * account follows, so ledger and chain keep matching. Idempotent by the event's key. The ledger
 * treasury cannot go below zero, so at most its balance moves and the rest is logged with its
 * likely cause: audit pay the ledger already took from the treasury but no batch has yet paid on
 * chain (the contract's treasury still held it, and later batches pay it out of their treasury
 * share, so the ledger's treasury stays that much above the chain's), or treasury credited outside
 * batches (the per-task path), which never reached the ledger.
 *
 * @param tx - the indexer's transaction.
 * @param event - the amount withdrawn and its transaction.
 * @param idempotencyKey - the event's ledger key.
 * @param metadata - the chain metadata to keep with the posting.
 * @param logger - for an unmatched amount.
 */
export async function recordTreasuryWithdrawal(
  tx: Db,
  event: { amount: bigint; transactionHash: string },
  idempotencyKey: string,
  metadata: Record<string, unknown>,
  logger: Logger,
): Promise<void> {
  if (await hasLedgerTransaction(tx, { idempotencyKey })) return;
  const held = await getAccountBalance(tx, { kind: 'treasury' });
  const amount = smallerWei(held, event.amount);
  if (amount > 0n) {
    await transfer(tx, {
      from: { kind: 'treasury' },
      to: { kind: 'chain_deposits' },
      amount,
      idempotencyKey,
      metadata,
    });
  }
  if (amount < event.amount) {
    const waiting = await collectUnsettledAuditPayouts(tx, AUDIT_PAYOUTS_SUMMED);
    const unsettledAuditPayWei = waiting.reduce((sum, payout) => sum + payout.amount, 0n);
    logger.warn(
      {
        txHash: event.transactionHash,
        unmatchedWei: (event.amount - amount).toString(),
        unsettledAuditPayWei: unsettledAuditPayWei.toString(),
      },
      unsettledAuditPayWei > 0n
        ? 'treasury withdrew more than the ledger credited it: audit pay not yet settled on chain went with it, so the ledger treasury stays above the chain treasury by the unmatched amount'
        : 'treasury withdrew more than the ledger credited it (per-task settlements?)',
    );
  }
}
