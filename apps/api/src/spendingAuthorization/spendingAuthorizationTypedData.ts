import {
  type Deployments,
  inferencePaymentAbi,
  spendingAuthorizationDomain,
  spendingAuthorizationPrimaryType,
  spendingAuthorizationTypes,
} from '@far/contracts';
import { type Db, spendingAuthorizations } from '@far/db';
import { and, eq, max } from 'drizzle-orm';
import { type Address, type PublicClient, parseEther } from 'viem';
import { explainChainError } from '../chain/explainChainError.js';

/** 1,000,000 FAR: the cap the API proposes when the caller does not choose one. */
export const DEFAULT_SPENDING_CAP = parseEther('1000000');
/** One year, in seconds. */
export const DEFAULT_SPENDING_AUTHORIZATION_SECONDS = 365n * 24n * 3600n;

/**
 * The EIP-712 typed data of a spending authorization for one InferencePayment deployment, ready
 * for a wallet's `signTypedData` and for viem's `verifyTypedData`.
 *
 * @param deployments - chain id and InferencePayment address (the domain).
 * @param message - user, cap (wei), expiry (unix seconds), nonce.
 * @returns `{ domain, types, primaryType, message }`.
 */
export function spendingAuthorizationTypedData(
  deployments: Pick<Deployments, 'chainId' | 'contracts'>,
  message: { user: Address; cap: bigint; expiry: bigint; nonce: bigint },
) {
  return {
    domain: spendingAuthorizationDomain(deployments.chainId, deployments.contracts.inferencePayment),
    types: spendingAuthorizationTypes,
    primaryType: spendingAuthorizationPrimaryType,
    message,
  };
}

/**
 * The nonce the user's next authorization must carry: one above both the contract's current
 * nonce and any authorization already stored (signed but not yet on chain), since the contract
 * only accepts increasing nonces.
 *
 * @param db - where stored authorizations live.
 * @param publicClient - reads the on-chain nonce.
 * @param deployments - the InferencePayment address.
 * @param user - the wallet.
 * @returns the next nonce.
 * @throws ChainError when the chain cannot be read.
 */
export async function nextSpendingAuthorizationNonce(
  db: Db,
  publicClient: PublicClient,
  deployments: Pick<Deployments, 'contracts'>,
  user: Address,
): Promise<bigint> {
  const payment = deployments.contracts.inferencePayment;
  let onChain: bigint;
  try {
    [, , onChain] = await publicClient.readContract({
      address: payment,
      abi: inferencePaymentAbi,
      functionName: 'spendingAuthorizationOf',
      args: [user],
    });
  } catch (error) {
    throw explainChainError(error);
  }
  const [row] = await db
    .select({ nonce: max(spendingAuthorizations.nonce) })
    .from(spendingAuthorizations)
    .where(
      and(
        eq(spendingAuthorizations.walletAddress, user.toLowerCase()),
        eq(spendingAuthorizations.verifyingContract, payment.toLowerCase()),
      ),
    );
  const stored = row?.nonce ?? 0n;
  return (stored > onChain ? stored : onChain) + 1n;
}
