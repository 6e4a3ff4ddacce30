import { farStakingAbi, revenueSourceId } from '@far/contracts';
import type { Address, PublicClient } from 'viem';

/** FARStaking's pool as it stands on chain: what the revenue forecast divides by and adds to. */
export type StakingPool = {
  totalStakedWei: bigint;
  /** The tier-weighted stake rewards are paid on. */
  totalEffectiveWei: bigint;
  /** The base APY in basis points, paid while `rewardReserveWei` lasts. */
  rewardRateBps: bigint;
  rewardReserveWei: bigint;
  /** Revenue ever notified to stakers, all services together. */
  totalRevenueNotifiedWei: bigint;
  /** Revenue ever notified per service id (`revenueBySource(revenueSourceId(id))`). */
  revenueByServiceWei: Record<string, bigint>;
};

/**
 * Reads FARStaking's totals, base rate, reserve and the revenue each service has handed to stakers.
 *
 * @param publicClient - a client on the deployment's chain.
 * @param farStaking - the FARStaking address.
 * @param serviceIds - the services whose revenue source totals to read.
 * @returns the pool, in wei and basis points.
 * @example
 * const pool = await readStakingPool(publicClient, deployments.contracts.farStaking, ['inference']);
 */
export async function readStakingPool(
  publicClient: PublicClient,
  farStaking: Address,
  serviceIds: readonly string[],
): Promise<StakingPool> {
  const read = <
    name extends 'totalStaked' | 'totalEffective' | 'rewardRate' | 'rewardReserve' | 'totalRevenueNotified',
  >(
    functionName: name,
  ) => publicClient.readContract({ address: farStaking, abi: farStakingAbi, functionName });
  const [
    totalStakedWei,
    totalEffectiveWei,
    rewardRateBps,
    rewardReserveWei,
    totalRevenueNotifiedWei,
    bySource,
  ] = await Promise.all([
    read('totalStaked'),
    read('totalEffective'),
    read('rewardRate'),
    read('rewardReserve'),
    read('totalRevenueNotified'),
    Promise.all(
      serviceIds.map((id) =>
        publicClient.readContract({
          address: farStaking,
          abi: farStakingAbi,
          functionName: 'revenueBySource',
          args: [revenueSourceId(id)],
        }),
      ),
    ),
  ]);
  return {
    totalStakedWei,
    totalEffectiveWei,
    rewardRateBps,
    rewardReserveWei,
    totalRevenueNotifiedWei,
    revenueByServiceWei: Object.fromEntries(serviceIds.map((id, i) => [id, bySource[i] ?? 0n])),
  };
}
