import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import type { Hex } from 'viem';
import { ChainError } from '../chain/ChainError.js';
import { explainChainError } from '../chain/explainChainError.js';
import type { SettlementClients } from '../settlement/sendSettlementBatch.js';

export type SignedSpendingAuthorization = {
  authorization: { user: Hex; cap: bigint; expiry: bigint; nonce: bigint };
  signature: Hex;
};

/**
 * Puts a user's signed spending authorization on chain from the coordinator's wallet
 * (`acceptSpendingAuthorization`) and waits until it is mined. Done before any request is admitted
 * under it: on chain, an authorization the user later signs to lower the cap or the expiry is only
 * scheduled, while one that was merely stored could be overtaken by any other nonce the user
 * submits first, and the escrow withdrawn.
 *
 * @param clients - the public client and the coordinator's wallet.
 * @param deployments - where InferencePayment lives.
 * @param signed - the authorization and its signature.
 * @throws ChainError when the contract refuses it (nonce used, expired, bad signature) or the chain is unreachable.
 * @example
 * await submitSpendingAuthorization(clients, deployments, { authorization: { user, cap, expiry, nonce }, signature });
 */
export async function submitSpendingAuthorization(
  clients: SettlementClients,
  deployments: Pick<Deployments, 'contracts'>,
  signed: SignedSpendingAuthorization,
): Promise<void> {
  try {
    const { request } = await clients.publicClient.simulateContract({
      account: clients.walletClient.account,
      address: deployments.contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'acceptSpendingAuthorization',
      args: [signed.authorization, signed.signature],
      chain: clients.walletClient.chain,
    });
    const hash = await clients.walletClient.writeContract(request);
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new ChainError('reverted', `acceptSpendingAuthorization reverted in ${hash}`);
    }
  } catch (error) {
    throw error instanceof ChainError ? error : explainChainError(error);
  }
}
