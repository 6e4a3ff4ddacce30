import type { Db } from '@far/db';
import { hasLedgerTransaction } from '../ledger/hasLedgerTransaction.js';
import { ledgerAccountKey } from '../ledger/LedgerAccountRef.js';
import { lockLedgerAccounts } from '../ledger/lockLedgerAccounts.js';
import { smallerWei } from '../ledger/smallerWei.js';
import { sumUnsettledAuditPay } from '../ledger/sumUnsettledAuditPay.js';
import { transfer } from '../ledger/transfer.js';
import type { Logger } from '../observability/createLogger.js';

const treasury = { kind: 'treasury' } as const;
const chainDeposits = { kind: 'chain_deposits' } as const;

/**
 * The treasury's credited share left the contract (`TreasuryWithdrawn`): the ledger's treasury
 * account follows, so ledger and chain keep matching. Idempotent by the event's key.
 *
 * The withdrawal may take audit pay the ledger already moved from its treasury to node earnings but
 * no batch has paid on chain yet (the contract's treasury still held it). The ledger's treasury then
 * goes below zero by that much, and no further: that is the treasury's real debt, which later
 * batches pay out of their treasury share (each charge's share credits the ledger's treasury as
 * before), after which ledger and chain agree again. Anything beyond the unsettled audit pay
 * (treasury credited outside batches, the per-task path, which never reached the ledger) is not
 * moved, and is logged.
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
  if ((await hasLedgerTransaction(tx, { idempotencyKey })) || event.amount <= 0n) return;
  // Both accounts the transfer posts to, locked up front in id order (transfer locks them again,
  // without waiting): the balance and the audit pay it may owe are read while no audit pay moves.
  const locked = await lockLedgerAccounts(tx, [treasury, chainDeposits]);
  const held = locked.get(ledgerAccountKey(treasury))?.balanceWei ?? 0n;
  const unsettledAuditPayWei = await sumUnsettledAuditPay(tx);
  const room = held + unsettledAuditPayWei;
  const amount = room > 0n ? smallerWei(room, event.amount) : 0n;
  if (amount > 0n) {
    await transfer(tx, {
      from: treasury,
      to: chainDeposits,
      amount,
      idempotencyKey,
      metadata,
      overdraft: { account: treasury, upToWei: unsettledAuditPayWei },
    });
  }
  if (amount < event.amount) {
    logger.warn(
      {
        txHash: event.transactionHash,
        unmatchedWei: (event.amount - amount).toString(),
        unsettledAuditPayWei: unsettledAuditPayWei.toString(),
      },
      'treasury withdrew more than the ledger credited it and the unsettled audit pay it owes (per-task settlements?)',
    );
  }
}
