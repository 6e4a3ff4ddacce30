import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import { type Db, spendingAuthorizations } from '@far/db';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import type { Address, PublicClient } from 'viem';
import { explainChainError } from './explainChainError.js';
import { unsettledChargesSql } from './unsettledChargesSql.js';

export type SpendingAuthorizationStatus = {
  onChain: { allowance: bigint; expiry: bigint; nonce: bigint };
  /** A signed authorization stored but not yet carried on chain (it replaces the on-chain one). */
  pending: { cap: bigint; expiry: bigint; nonce: bigint } | null;
  /** Charges captured in the ledger that no landed batch has settled yet. */
  unsettledWei: bigint;
  /** How much more may be charged before the batcher would have to leave charges out: 0 without a live authorization. */
  headroomWei: bigint;
  /** Whether an authorization (on chain or pending) is valid now. */
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
): Promise<SpendingAuthorizationStatus> {
  const payment = deployments.contracts.inferencePayment;
  let allowance: bigint;
  let expiry: bigint;
  let nonce: bigint;
  let now: bigint;
  try {
    [[allowance, expiry, nonce], now] = await Promise.all([
      publicClient.readContract({
        address: payment,
        abi: inferencePaymentAbi,
        functionName: 'spendingAuthorizationOf',
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

  const cap = stored === undefined ? allowance : stored.capWei;
  const validUntil = stored === undefined ? expiry : stored.expiry;
  const active = validUntil > now && cap > 0n;
  return {
    onChain: { allowance, expiry, nonce },
    pending: stored === undefined ? null : { cap: stored.capWei, expiry: stored.expiry, nonce: stored.nonce },
    unsettledWei,
    headroomWei: active && cap > unsettledWei ? cap - unsettledWei : 0n,
    active,
  };
}
