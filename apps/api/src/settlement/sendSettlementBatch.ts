import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import { type Db, type SettlementBatch, settlementBatches } from '@far/db';
import { eq, sql } from 'drizzle-orm';
import type { Account, Chain, Hash, PublicClient, Transport, WalletClient } from 'viem';
import { ChainError } from '../chain/ChainError.js';
import { explainChainError } from '../chain/explainChainError.js';
import { markSettlementBatchMined } from './recordSettlementBatch.js';
import { type SettlementBatchContent, settleBatchArgs } from './settlementBatchItems.js';

export type SettlementClients = {
  publicClient: PublicClient;
  /** The coordinator's wallet: holds ORACLE_ROLE on InferencePayment. */
  walletClient: WalletClient<Transport, Chain | undefined, Account>;
};

/**
 * Dry-runs `settleBatchWithCreatorFees` for a batch against the current chain state.
 *
 * @param clients - public and coordinator wallet clients.
 * @param deployments - where InferencePayment lives.
 * @param batchNumber - the batch id to carry.
 * @param content - the batch.
 * @returns the prepared request to send.
 * @throws ChainError naming the revert (SpendingCapExceeded, InvalidBatchId…).
 */
export async function simulateSettlementBatch(
  clients: SettlementClients,
  deployments: Pick<Deployments, 'contracts'>,
  batchNumber: bigint,
  content: SettlementBatchContent,
) {
  try {
    const { request } = await clients.publicClient.simulateContract({
      account: clients.walletClient.account,
      address: deployments.contracts.inferencePayment,
      abi: inferencePaymentAbi,
      functionName: 'settleBatchWithCreatorFees',
      args: settleBatchArgs(batchNumber, content),
      chain: clients.walletClient.chain,
    });
    return request;
  } catch (error) {
    throw explainChainError(error);
  }
}

/**
 * Sends a recorded batch: simulates it, sends it, stores the transaction hash at once (so a
 * restart can follow it), waits for the receipt and marks the batch `submitted` when it is mined.
 *
 * @param db - the database.
 * @param clients - public and coordinator wallet clients.
 * @param deployments - where InferencePayment lives.
 * @param batch - the pending settlement_batches row.
 * @param content - its parsed items.
 * @returns the transaction hash.
 * @throws ChainError when the simulation or the transaction reverts.
 */
export async function sendSettlementBatch(
  db: Db,
  clients: SettlementClients,
  deployments: Pick<Deployments, 'contracts'>,
  batch: SettlementBatch,
  content: SettlementBatchContent,
): Promise<Hash> {
  const request = await simulateSettlementBatch(clients, deployments, batch.batchNumber, content);
  let hash: Hash;
  try {
    hash = await clients.walletClient.writeContract(request);
  } catch (error) {
    throw explainChainError(error);
  }
  await db
    .update(settlementBatches)
    .set({ txHash: hash, updatedAt: sql`now()` })
    .where(eq(settlementBatches.id, batch.id));
  const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success') {
    throw new ChainError('reverted', `settleBatch ${batch.batchNumber} reverted in ${hash}`);
  }
  await markSettlementBatchMined(db, batch.id, hash);
  return hash;
}
