'use client';

import { farStakingAbi, inferencePaymentAbi } from '@far/contracts/browser';
import { useCallback } from 'react';
import { useWriteContract } from 'wagmi';
import { useFundingActions } from './useFundingActions';
import { useTrackedAction } from './useTrackedAction';
import { useWeb3 } from './useWeb3';

/** A call that moves no FAR from the wallet, so it needs neither permit nor approval. */
type DirectCall =
  | {
      abi: typeof inferencePaymentAbi;
      functionName: 'withdraw' | 'withdrawEarnings' | 'withdrawCreatorEarnings';
      args: readonly [bigint];
    }
  | { abi: typeof farStakingAbi; functionName: 'unstake'; args: readonly [bigint, bigint] }
  | { abi: typeof farStakingAbi; functionName: 'claimRewards'; args: readonly [] };

/**
 * Real transactions against the Far Labs contracts: deposit and stake (one transaction with an
 * EIP-2612 permit; approve + call when the wallet cannot sign typed data), withdraw, withdraw node
 * earnings, unstake a position, claim. Each is tracked until mined; a rejected wallet prompt comes
 * back as `cancelled`, never as an error.
 * @returns the actions, the label of the one in flight, and the last outcome
 */
export function useFarActions() {
  const { contracts, expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const writeContract = useWriteContract();
  const { run, busy, outcome } = useTrackedAction();
  const { deposit, stake } = useFundingActions(run);

  const direct = useCallback(
    (label: string, target: 'inferencePayment' | 'farStaking', call: DirectCall) =>
      run(label, () => {
        if (!contracts) throw new Error('Contracts unknown.');
        return writeContract.mutateAsync({ address: contracts[target], chainId, ...call } as never);
      }),
    [run, contracts, writeContract, chainId],
  );

  const withdraw = useCallback(
    (amountWei: bigint) =>
      direct('Withdraw', 'inferencePayment', {
        abi: inferencePaymentAbi,
        functionName: 'withdraw',
        args: [amountWei],
      }),
    [direct],
  );
  const withdrawEarnings = useCallback(
    (amountWei: bigint) =>
      direct('Withdraw earnings', 'inferencePayment', {
        abi: inferencePaymentAbi,
        functionName: 'withdrawEarnings',
        args: [amountWei],
      }),
    [direct],
  );
  const withdrawCreatorEarnings = useCallback(
    (amountWei: bigint) =>
      direct('Withdraw creator earnings', 'inferencePayment', {
        abi: inferencePaymentAbi,
        functionName: 'withdrawCreatorEarnings',
        args: [amountWei],
      }),
    [direct],
  );
  const unstake = useCallback(
    (positionId: number, amountWei: bigint) =>
      direct('Unstake', 'farStaking', {
        abi: farStakingAbi,
        functionName: 'unstake',
        args: [BigInt(positionId), amountWei],
      }),
    [direct],
  );
  const claim = useCallback(
    () =>
      direct('Claim rewards', 'farStaking', { abi: farStakingAbi, functionName: 'claimRewards', args: [] }),
    [direct],
  );

  return {
    deposit,
    withdraw,
    withdrawEarnings,
    withdrawCreatorEarnings,
    stake,
    unstake,
    claim,
    busy,
    outcome,
  };
}
