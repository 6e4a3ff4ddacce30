'use client';

import { farStakingAbi, farTokenAbi, inferencePaymentAbi } from '@far/contracts/browser';
import { useReadContracts } from 'wagmi';
import { useWeb3 } from './useWeb3';

export type StakePosition = { positionId: number; amountWei: bigint; unlockAt: Date; lockTier: number };

/**
 * The connected wallet's on-chain positions in one batch: FAR in the wallet, FAR in the payment
 * contract, stake positions, unclaimed rewards, node earnings credit, and the pool's total and
 * base APY.
 * @returns bigint wei values (undefined while loading or unavailable) plus the query state
 */
export function useFarPositions() {
  const { address, contracts, expectedChainId } = useWeb3();
  const enabled = Boolean(address && contracts && expectedChainId !== null);
  const user = address ?? '0x0000000000000000000000000000000000000000';
  const chainId = (expectedChainId ?? undefined) as never;
  const query = useReadContracts({
    allowFailure: true,
    contracts: contracts
      ? ([
          { address: contracts.farToken, abi: farTokenAbi, functionName: 'balanceOf', args: [user], chainId },
          {
            address: contracts.inferencePayment,
            abi: inferencePaymentAbi,
            functionName: 'userBalances',
            args: [user],
            chainId,
          },
          {
            address: contracts.farStaking,
            abi: farStakingAbi,
            functionName: 'positionsOf',
            args: [user],
            chainId,
          },
          {
            address: contracts.farStaking,
            abi: farStakingAbi,
            functionName: 'calculateRewards',
            args: [user],
            chainId,
          },
          { address: contracts.farStaking, abi: farStakingAbi, functionName: 'totalStaked', chainId },
          { address: contracts.farStaking, abi: farStakingAbi, functionName: 'rewardRate', chainId },
          {
            address: contracts.inferencePayment,
            abi: inferencePaymentAbi,
            functionName: 'nodes',
            args: [user],
            chainId,
          },
        ] as const)
      : [],
    query: { enabled, refetchInterval: 15_000 },
  });
  const result = (index: number): unknown => {
    const entry = query.data?.[index];
    return entry?.status === 'success' ? entry.result : undefined;
  };
  const bigintAt = (index: number): bigint | undefined => {
    const value = result(index);
    return typeof value === 'bigint' ? value : undefined;
  };
  const rawPositions = result(2) as
    | readonly { amount: bigint; unlockAt: bigint; lockTier: number }[]
    | undefined;
  // Withdrawn positions stay in the contract with amount 0 so ids are stable; hide them.
  const positions: StakePosition[] | undefined = rawPositions
    ?.map((position, positionId) => ({
      positionId,
      amountWei: position.amount,
      unlockAt: new Date(Number(position.unlockAt) * 1000),
      lockTier: position.lockTier,
    }))
    .filter((position) => position.amountWei > 0n);
  const node = result(6) as readonly [bigint, bigint, number, number, boolean] | undefined;
  return {
    query,
    walletWei: bigintAt(0),
    depositedOnChainWei: bigintAt(1),
    positions,
    stakedWei: positions?.reduce((sum, position) => sum + position.amountWei, 0n),
    earnedWei: bigintAt(3),
    totalStakedWei: bigintAt(4),
    baseApyBps: bigintAt(5),
    nodeCreditWei: node?.[0],
  };
}
