import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import type { Account, Address, Chain, PublicClient, Transport, WalletClient } from 'viem';
import { ChainError } from './ChainError.js';
import { explainChainError } from './explainChainError.js';

export type NodeRegistration = 'active' | 'registered' | 'suspended';

/**
 * Makes sure a node payout address can be credited by `settleBatch`: registers it (ORACLE_ROLE)
 * when it was never registered. A node the operator deactivated stays suspended: registering it
 * again would silently lift the suspension.
 *
 * @param clients - a public client and the coordinator's wallet client (holds ORACLE_ROLE).
 * @param deployments - where InferencePayment lives.
 * @param node - the payout address (the node owner's wallet).
 * @returns `active` (already), `registered` (just now) or `suspended` (left alone).
 * @throws ChainError when the registration transaction fails.
 * @example
 * if ((await ensureNodeRegistered({ publicClient, walletClient }, deployments, owner)) === 'suspended') skip();
 */
export async function ensureNodeRegistered(
  clients: { publicClient: PublicClient; walletClient: WalletClient<Transport, Chain | undefined, Account> },
  deployments: Pick<Deployments, 'contracts'>,
  node: Address,
): Promise<NodeRegistration> {
  const { publicClient, walletClient } = clients;
  const address = deployments.contracts.inferencePayment;
  try {
    const [, totalEarned, tasksCompleted, reliability, active] = await publicClient.readContract({
      address,
      abi: inferencePaymentAbi,
      functionName: 'nodes',
      args: [node],
    });
    if (active) return 'active';
    // registerNode sets reliability to 80, so a zeroed record was never registered.
    if (reliability !== 0 || totalEarned !== 0n || tasksCompleted !== 0) return 'suspended';
    const { request } = await publicClient.simulateContract({
      account: walletClient.account,
      address,
      abi: inferencePaymentAbi,
      functionName: 'registerNode',
      args: [node],
      chain: walletClient.chain,
    });
    const hash = await walletClient.writeContract(request);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== 'success') {
      throw new ChainError('reverted', `registerNode(${node}) reverted in ${hash}`);
    }
    return 'registered';
  } catch (error) {
    const explained = explainChainError(error);
    // Another replica registered it between our read and our transaction.
    if (explained instanceof ChainError && explained.reason === 'NodeAlreadyActive') return 'active';
    throw explained;
  }
}
