import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import type { Address, PublicClient } from 'viem';

export type OnChainSpendingAuthorization = {
  /** What a debit would see now (`spendingAuthorizationOf`): the cap left and its expiry. */
  allowance: bigint;
  expiry: bigint;
  /** The highest nonce the contract has consumed. */
  nonce: bigint;
  /** A reduction accepted on chain that replaces the live one at `effectiveAt`, if any. */
  scheduled: { cap: bigint; expiry: bigint; effectiveAt: bigint; nonce: bigint } | null;
};

/**
 * A user's spending authorization as the contract holds it: the live one and any scheduled
 * reduction, read together. Chain errors are the caller's to explain.
 *
 * @param publicClient - reads the contract.
 * @param deployments - where InferencePayment lives.
 * @param user - the user's wallet.
 * @returns the live and scheduled authorization.
 * @example
 * const { allowance, expiry, scheduled } = await readOnChainSpendingAuthorization(publicClient, deployments, user);
 */
export async function readOnChainSpendingAuthorization(
  publicClient: PublicClient,
  deployments: Pick<Deployments, 'contracts'>,
  user: Address,
): Promise<OnChainSpendingAuthorization> {
  const address = deployments.contracts.inferencePayment;
  const [[allowance, expiry, nonce], [cap, scheduledExpiry, effectiveAt, scheduledNonce]] = await Promise.all(
    [
      publicClient.readContract({
        address,
        abi: inferencePaymentAbi,
        functionName: 'spendingAuthorizationOf',
        args: [user],
      }),
      publicClient.readContract({
        address,
        abi: inferencePaymentAbi,
        functionName: 'scheduledSpendingAuthorizationOf',
        args: [user],
      }),
    ],
  );
  return {
    allowance,
    expiry,
    nonce,
    // The contract reports all zeros once nothing is scheduled (or the schedule took effect).
    scheduled:
      effectiveAt === 0n ? null : { cap, expiry: scheduledExpiry, effectiveAt, nonce: scheduledNonce },
  };
}
