import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import { type Db, spendingAuthorizations } from '@far/db';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Address, PublicClient } from 'viem';
import { assessSpendingAuthorization } from './assessSpendingAuthorization.js';
import { explainChainError } from './explainChainError.js';
import { minSpendingAuthorizationValiditySeconds } from './minSpendingAuthorizationValiditySeconds.js';
import { unsettledChargesSql } from './unsettledChargesSql.js';

export type SpendingAuthorizationStatus = {
  onChain: { allowance: bigint; expiry: bigint; nonce: bigint };
  /** A reduction accepted on chain that replaces the live authorization at `effectiveAt`. */
  scheduled: { cap: bigint; expiry: bigint; effectiveAt: bigint; nonce: bigint } | null;
  /** A signed authorization stored but not yet carried on chain (the next batch carries it). */
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
 * Where a user's spending authorization stands: on chain, pending (stored, not yet submitted),
 * what the ledger has charged but not settled, and the headroom left under the cap. The
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
  let allowance: bigint;
  let expiry: bigint;
  let nonce: bigint;
  let scheduledView: readonly [bigint, bigint, bigint, bigint];
  let now: bigint;
  try {
    [[allowance, expiry, nonce], scheduledView, now] = await Promise.all([
      publicClient.readContract({
        address: payment,
        abi: inferencePaymentAbi,
        functionName: 'spendingAuthorizationOf',
        args: [user.walletAddress],
      }),
      publicClient.readContract({
        address: payment,
        abi: inferencePaymentAbi,
        functionName: 'scheduledSpendingAuthorizationOf',
        args: [user.walletAddress],
      }),
      publicClient.getBlock({ blockTag: 'latest' }).then((b) => b.timestamp),
    ]);
  } catch (error) {
    throw explainChainError(error);
  }
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
  const rows = await db.execute<{ unsettled: string | null }>(
    sql`select ${unsettledChargesSql(user.userId)}::text as unsettled`,
  );
  const first = (
    Array.isArray(rows) ? rows[0] : (rows as { rows: Array<{ unsettled: string | null }> }).rows[0]
  ) as { unsettled: string | null } | undefined;
  const unsettledWei = BigInt(first?.unsettled ?? '0');

  const [scheduledCap, scheduledExpiry, effectiveAt, scheduledNonce] = scheduledView;
  const scheduled =
    effectiveAt === 0n
      ? null
      : { cap: scheduledCap, expiry: scheduledExpiry, effectiveAt, nonce: scheduledNonce };
  const pending =
    stored === undefined ? null : { cap: stored.capWei, expiry: stored.expiry, nonce: stored.nonce };
  const { capWei, validUntil, admits } = assessSpendingAuthorization({
    live: { allowance, expiry },
    scheduled,
    pending,
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
