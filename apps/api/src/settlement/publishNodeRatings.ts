import { type Deployments, inferencePaymentAbi } from '@far/contracts';
import { type Db, gpuNodes } from '@far/db';
import { and, avg, gt, ne } from 'drizzle-orm';
import type { Address } from 'viem';
import { ChainError } from '../chain/ChainError.js';
import { explainChainError } from '../chain/explainChainError.js';
import type { Logger } from '../observability/createLogger.js';
import type { SettlementClients } from './sendSettlementBatch.js';

/** Nodes not seen for this long keep the rating they had on chain. */
const RATED_WITHIN_MS = 7 * 24 * 3600_000;

export type PublishedRating = { payout: Address; from: number; to: number; txHash: `0x${string}` };

/**
 * Brings `InferencePayment`'s on-chain reliability ratings in line with the coordinator's scores,
 * once per settlement epoch (after a batch lands), never per task: for each payout address (a node
 * owner's wallet) active on chain, the rounded mean score of its nodes seen in the last week; an
 * `updateNodeRating` (ORACLE_ROLE) is sent only where that differs from the chain's. Suspended
 * nodes do not count; an address the chain deactivated is left alone.
 *
 * @param db - the database (node scores).
 * @param clients - public client and the coordinator's wallet client.
 * @param deployments - where InferencePayment lives.
 * @param logger - logs each update.
 * @returns the ratings changed.
 * @example
 * await publishNodeRatings(db, { publicClient, walletClient }, deployments, logger);
 */
export async function publishNodeRatings(
  db: Db,
  clients: SettlementClients,
  deployments: Pick<Deployments, 'contracts'>,
  logger: Logger,
): Promise<PublishedRating[]> {
  const address = deployments.contracts.inferencePayment;
  const owners = await db
    .select({ owner: gpuNodes.ownerAddress, score: avg(gpuNodes.reliabilityScore).mapWith(Number) })
    .from(gpuNodes)
    .where(
      and(ne(gpuNodes.status, 'suspended'), gt(gpuNodes.lastSeen, new Date(Date.now() - RATED_WITHIN_MS))),
    )
    .groupBy(gpuNodes.ownerAddress);
  const published: PublishedRating[] = [];
  for (const { owner, score } of owners) {
    const payout = owner as Address;
    const rating = Math.min(100, Math.max(0, Math.round(score)));
    const [, , , current, active] = await clients.publicClient.readContract({
      address,
      abi: inferencePaymentAbi,
      functionName: 'nodes',
      args: [payout],
    });
    if (!active || current === rating) continue;
    try {
      const { request } = await clients.publicClient.simulateContract({
        account: clients.walletClient.account,
        address,
        abi: inferencePaymentAbi,
        functionName: 'updateNodeRating',
        args: [payout, BigInt(rating)],
        chain: clients.walletClient.chain,
      });
      const txHash = await clients.walletClient.writeContract(request);
      const receipt = await clients.publicClient.waitForTransactionReceipt({ hash: txHash });
      if (receipt.status !== 'success')
        throw new ChainError('reverted', `updateNodeRating(${payout}) reverted in ${txHash}`);
      published.push({ payout, from: current, to: rating, txHash });
      logger.info({ payout, from: current, to: rating, txHash }, 'node rating updated on chain');
    } catch (error) {
      throw explainChainError(error);
    }
  }
  return published;
}
