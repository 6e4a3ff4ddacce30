import type { Deployments } from '@far/contracts';
import { type Db, spendingAuthorizations } from '@far/db';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Address, PublicClient } from 'viem';
import { explainChainError } from '../chain/explainChainError.js';
import { readUnsettledCharges } from '../ledger/readUnsettledCharges.js';
import { assessSpendingAuthorization } from './assessSpendingAuthorization.js';
import { minSpendingAuthorizationValiditySeconds } from './minSpendingAuthorizationValiditySeconds.js';
import {
  type OnChainSpendingAuthorization,
  readOnChainSpendingAuthorization,
} from './readOnChainSpendingAuthorization.js';

export type SpendingAuthorizationStatus = {
  onChain: { allowance: bigint; expiry: bigint; nonce: bigint };
  /** A reduction accepted on chain that replaces the live authorization at `effectiveAt`. */
  scheduled: { cap: bigint; expiry: bigint; effectiveAt: bigint; nonce: bigint } | null;
  /**
   * A signed authorization stored but not on chain (only when the API cannot submit it): no request
   * is admitted under it, since the user could overtake it with another nonce; a settlement batch
   * carries it with the user's next debit.
   */
  pending: { cap: bigint; expiry: bigint; nonce: bigint } | null;
  /** Charges captured in the ledger that no landed batch has settled yet. */
  unsettledWei: bigint;
  /** How much more may be charged before the batcher would have to leave charges out: 0 without a live authorization. */
  headroomWei: bigint;
  /** Until when (unix seconds) the authorizations can settle charges without a gap. */
  validUntil: bigint;
  /** Whether new charges are admitted: some cap, and at least the minimum validity left. */
  active: boolean;
};

/**
 * Where a user's spending authorization stands: on chain, pending (stored, not on chain), what the
 * ledger has charged but not settled, and the headroom left under the cap (by what is on chain
 * only, see assessSpendingAuthorization). The
 * coordinator should not reserve more than `headroomWei` (nor more than the ledger balance), or
 * the batcher will have to leave the excess unsettled.
 *
 * @param db - the database.
 * @param publicClient - reads the on-chain authorization and time.
 * @param deployments - the InferencePayment address.
 * @param user - the user's id and wallet.
 * @param minValiditySeconds - how long an authorization must still settle for charges to be admitted.
 * @returns the status.
 * @throws ChainError when the chain cannot be read.
 * @example
 * const { headroomWei } = await readSpendingAuthorizationStatus(db, publicClient, deployments, { userId, walletAddress });
 */
export async function readSpendingAuthorizationStatus(
  db: Db,
  publicClient: PublicClient,
  deployments: Pick<Deployments, 'contracts'>,
  user: { userId: string; walletAddress: Address },
  minValiditySeconds: bigint = minSpendingAuthorizationValiditySeconds(),
): Promise<SpendingAuthorizationStatus> {
  const payment = deployments.contracts.inferencePayment;
  let onChain: OnChainSpendingAuthorization;
  let now: bigint;
  try {
    [onChain, now] = await Promise.all([
      readOnChainSpendingAuthorization(publicClient, deployments, user.walletAddress),
      publicClient.getBlock({ blockTag: 'latest' }).then((b) => b.timestamp),
    ]);
  } catch (error) {
    throw explainChainError(error);
  }
  const { allowance, expiry, nonce, scheduled } = onChain;
  const [stored] = await db
    .select()
    .from(spendingAuthorizations)
    .where(
      and(
        eq(spendingAuthorizations.walletAddress, user.walletAddress.toLowerCase()),
        eq(spendingAuthorizations.verifyingContract, payment.toLowerCase()),
        gt(spendingAuthorizations.nonce, nonce),
        gt(spendingAuthorizations.expiry, now),
      ),
    )
    .orderBy(desc(spendingAuthorizations.nonce))
    .limit(1);

  // Charged = what went to node, stakers and treasury; only batches that landed have left escrow.
  const unsettledWei = await readUnsettledCharges(db, user.userId);
  const pending =
    stored === undefined ? null : { cap: stored.capWei, expiry: stored.expiry, nonce: stored.nonce };
  const { capWei, validUntil, admits } = assessSpendingAuthorization({
    live: { allowance, expiry },
    scheduled,
    now,
    minValiditySeconds,
  });
  return {
    onChain: { allowance, expiry, nonce },
    scheduled,
    pending,
    unsettledWei,
    headroomWei: admits && capWei > unsettledWei ? capWei - unsettledWei : 0n,
    validUntil,
    active: admits,
  };
}
