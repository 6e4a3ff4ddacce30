'use client';

import { farStakingAbi, inferencePaymentAbi } from '@far/contracts/browser';
import { useCallback } from 'react';
import type { Hash } from 'viem';
import { useWriteContract } from 'wagmi';
import { usePermitFunding } from './usePermitFunding';
import type { ActionOutcome } from './useTrackedAction';
import { useWeb3 } from './useWeb3';

/**
 * The actions that pull FAR from the wallet: deposit into InferencePayment and stake in FARStaking,
 * each in one transaction with an EIP-2612 permit, or approve + call when the wallet cannot sign
 * typed data.
 * @param run - runs a labelled action and tracks its transaction (from `useTrackedAction`)
 * @returns `deposit(amountWei)` and `stake(amountWei, lockTier)`
 */
export function useFundingActions(
  run: (label: string, action: () => Promise<Hash>) => Promise<ActionOutcome>,
) {
  const { contracts, expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const writeContract = useWriteContract();
  const { fund } = usePermitFunding();

  const deposit = useCallback(
    (amountWei: bigint) =>
      run('Deposit', async () => {
        if (!contracts) throw new Error('Contracts unknown.');
        const address = contracts.inferencePayment;
        const abi = inferencePaymentAbi;
        return fund(address, amountWei, {
          withPermit: (permit) =>
            writeContract.mutateAsync({
              address,
              abi,
              functionName: 'depositWithPermit',
              args: [amountWei, permit.deadline, permit.v, permit.r, permit.s],
              chainId,
            }),
          afterApproval: () =>
            writeContract.mutateAsync({ address, abi, functionName: 'deposit', args: [amountWei], chainId }),
        });
      }),
    [run, contracts, fund, writeContract, chainId],
  );

  const stake = useCallback(
    (amountWei: bigint, lockTier: number) =>
      run('Stake', async () => {
        if (!contracts) throw new Error('Contracts unknown.');
        const address = contracts.farStaking;
        const abi = farStakingAbi;
        return fund(address, amountWei, {
          withPermit: (permit) =>
            writeContract.mutateAsync({
              address,
              abi,
              functionName: 'stakeWithPermit',
              args: [amountWei, lockTier, permit.deadline, permit.v, permit.r, permit.s],
              chainId,
            }),
          afterApproval: () =>
            writeContract.mutateAsync({
              address,
              abi,
              functionName: 'stake',
              args: [amountWei, lockTier],
              chainId,
            }),
        });
      }),
    [run, contracts, fund, writeContract, chainId],
  );

  return { deposit, stake };
}
