'use client';

import { gameLicensesAbi } from '@far/contracts/browser';
import { useCallback } from 'react';
import type { Address, Hash } from 'viem';
import { usePublicClient, useWriteContract } from 'wagmi';
import { useStoreSettings } from './useGamedQueries';
import { useTrackedAction } from './useTrackedAction';
import { useWeb3 } from './useWeb3';

/**
 * "Settle and withdraw": settles the due purchases (waiting for that to be mined), then withdraws
 * the studio's balance when there is one. The withdrawal (or the settlement, when the settled
 * shares left nothing to withdraw) is the tracked transaction.
 */
export function useSettleAndWithdraw() {
  const { address, expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const licenses = useStoreSettings().data?.licensesAddress ?? null;
  const publicClient = usePublicClient({ chainId });
  const writeContract = useWriteContract();
  const { run, busy, outcome } = useTrackedAction();

  const settleAndWithdraw = useCallback(
    (purchaseIds: readonly bigint[]) =>
      run('Settle and withdraw', async (): Promise<Hash> => {
        if (!licenses || !publicClient || !address)
          throw new Error('Far GameD is not deployed on this network.');
        const contract = { address: licenses as Address, abi: gameLicensesAbi, chainId } as const;
        let last: Hash | null = null;
        if (purchaseIds.length > 0) {
          last = await writeContract.mutateAsync({
            ...contract,
            functionName: 'settle',
            args: [purchaseIds],
          } as never);
          const receipt = await publicClient.waitForTransactionReceipt({ hash: last });
          if (receipt.status !== 'success') throw new Error('Settling the purchases failed.');
        }
        const balance = await publicClient.readContract({
          ...contract,
          functionName: 'studioBalance',
          args: [address],
        });
        if (balance > 0n)
          last = await writeContract.mutateAsync({ ...contract, functionName: 'withdraw' } as never);
        if (!last) throw new Error('Nothing to settle or withdraw yet.');
        return last;
      }),
    [run, licenses, publicClient, address, writeContract, chainId],
  );
  return { settleAndWithdraw, busy, outcome };
}
