import { type Db, users } from '@far/db';
import { eq } from 'drizzle-orm';
import { getAccountBalance } from '../ledger/getAccountBalance.js';
import { hasLedgerTransaction } from '../ledger/hasLedgerTransaction.js';
import { smallerWei } from '../ledger/smallerWei.js';
import { transfer } from '../ledger/transfer.js';
import type { Logger } from '../observability/createLogger.js';

/**
 * A twin creator pulled credited fees on chain (`CreatorEarningsWithdrawn`): move that much of the
 * creator's ledger earnings to the chain counterparty, as node earnings withdrawals do. Idempotent
 * by the event's key; what the ledger does not hold (should never happen) is logged, not invented.
 *
 * @param tx - the indexer's transaction.
 * @param event - the creator's wallet and the amount withdrawn.
 * @param idempotencyKey - the event's ledger key.
 * @param metadata - the chain metadata to keep with the posting.
 * @param logger - for an unmatched amount.
 */
export async function recordCreatorEarningsWithdrawal(
  tx: Db,
  event: { creator: string; amount: bigint; transactionHash: string },
  idempotencyKey: string,
  metadata: Record<string, unknown>,
  logger: Logger,
): Promise<void> {
  if (await hasLedgerTransaction(tx, { idempotencyKey })) return;
  const [creator] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.walletAddress, event.creator.toLowerCase()));
  const held = creator ? await getAccountBalance(tx, { kind: 'creator_earnings', userId: creator.id }) : 0n;
  const amount = smallerWei(held, event.amount);
  if (creator && amount > 0n) {
    await transfer(tx, {
      from: { kind: 'creator_earnings', userId: creator.id },
      to: { kind: 'chain_deposits' },
      amount,
      idempotencyKey,
      metadata,
    });
  }
  if (amount < event.amount) {
    logger.warn(
      {
        creator: event.creator,
        txHash: event.transactionHash,
        unmatchedWei: (event.amount - amount).toString(),
      },
      'creator withdrew more than its ledger earnings',
    );
  }
}
