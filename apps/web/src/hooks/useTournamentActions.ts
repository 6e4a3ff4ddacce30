'use client';

import { tournamentPoolAbi } from '@far/contracts/browser';
import { useCallback } from 'react';
import type { Address, Hash } from 'viem';
import { useWriteContract } from 'wagmi';
import { usePermitFunding } from './usePermitFunding';
import { useTrackedAction } from './useTrackedAction';
import { useWeb3 } from './useWeb3';

/**
 * TournamentPool's player actions from the wallet: enter (FAR pulled with an EIP-2612 permit, or
 * after an approval when the wallet cannot sign typed data), claim a prize, take a refund.
 *
 * @param pool - the deployed TournamentPool.
 */
export function useTournamentActions(pool: Address | null) {
  const { expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const writeContract = useWriteContract();
  const { fund } = usePermitFunding();
  const { run, busy, outcome } = useTrackedAction();

  const poolCall = useCallback(
    (functionName: string, args: readonly unknown[]): Promise<Hash> => {
      if (!pool) throw new Error('No tournament pool on this network.');
      return writeContract.mutateAsync({
        address: pool,
        abi: tournamentPoolAbi,
        functionName,
        args,
        chainId,
      } as never);
    },
    [pool, writeContract, chainId],
  );

  const enter = useCallback(
    (id: string, entryFeeWei: bigint) =>
      run('Enter tournament', () => {
        if (!pool) throw new Error('No tournament pool on this network.');
        return fund(pool, entryFeeWei, {
          withPermit: (permit) =>
            poolCall('enterWithPermit', [BigInt(id), permit.deadline, permit.v, permit.r, permit.s]),
          afterApproval: () => poolCall('enter', [BigInt(id)]),
        });
      }),
    [run, pool, fund, poolCall],
  );

  const claim = useCallback(
    (id: string) => run('Claim prize', () => poolCall('claim', [BigInt(id)])),
    [run, poolCall],
  );
  const refund = useCallback(
    (id: string) => run('Refund entry', () => poolCall('refund', [BigInt(id)])),
    [run, poolCall],
  );
  return { enter, claim, refund, busy, outcome };
}
