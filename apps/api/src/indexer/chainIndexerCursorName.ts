import type { Deployments } from '@far/contracts';

/**
 * The `chain_cursors` row the indexer of a deployment keeps, unless given another name.
 *
 * @param deployments - chain id and InferencePayment address.
 * @returns the cursor's name.
 * @example
 * chainIndexerCursorName(deployments) // 'indexer:31337:0x…'
 */
export function chainIndexerCursorName(deployments: Pick<Deployments, 'chainId' | 'contracts'>): string {
  return `indexer:${deployments.chainId}:${deployments.contracts.inferencePayment.toLowerCase()}`;
}
