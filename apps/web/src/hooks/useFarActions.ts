'use client';

import {
  farStakingAbi,
  farTokenAbi,
  inferencePaymentAbi,
  type SignedPermit,
  signPermit as signTokenPermit,
} from '@far/contracts/browser';
import { useCallback, useState } from 'react';
import type { Address, Hash } from 'viem';
import { usePublicClient, useSignTypedData, useWriteContract } from 'wagmi';
import { describeError } from '@/lib/web3/describeError';
import { isUserRejection } from '@/lib/web3/isUserRejection';
import { usePendingTransactions } from '@/lib/web3/PendingTransactions';
import { useWeb3 } from './useWeb3';

export type ActionOutcome =
  | { kind: 'sent'; hash: Hash }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

// A permit signature only needs to outlive the transaction that carries it.
const PERMIT_TTL_SECONDS = 3_600n;

/**
 * Real transactions against the Far Labs contracts: deposit and stake (one transaction with an
 * EIP-2612 permit; approve + call when the wallet cannot sign typed data), withdraw, withdraw node
 * earnings, unstake a position, claim. Each is tracked until mined; a rejected wallet prompt comes
 * back as `cancelled`, never as an error.
 * @returns the actions, the label of the one in flight, and the last outcome
 */
export function useFarActions() {
  const { address, contracts, expectedChainId, isWrongNetwork } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const publicClient = usePublicClient({ chainId });
  const writeContract = useWriteContract();
  const signTypedData = useSignTypedData();
  const { track } = usePendingTransactions();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);

  const run = useCallback(
    async (label: string, action: () => Promise<Hash>): Promise<ActionOutcome> => {
      if (!address || !contracts || expectedChainId === null) {
        return { kind: 'failed', message: 'Connect your wallet first.' };
      }
      if (isWrongNetwork) return { kind: 'failed', message: 'Switch to the Far Labs network first.' };
      setBusy(label);
      let result: ActionOutcome;
      try {
        const hash = await action();
        track({ hash, label, chainId: expectedChainId });
        result = { kind: 'sent', hash };
      } catch (error) {
        result = isUserRejection(error)
          ? { kind: 'cancelled' }
          : { kind: 'failed', message: describeError(error) };
      }
      setBusy(null);
      setOutcome(result);
      return result;
    },
    [address, contracts, expectedChainId, isWrongNetwork, track],
  );

  /** Signs an EIP-2612 permit; null when the wallet cannot sign typed data (then we approve instead). */
  const signPermit = useCallback(
    async (spender: Address, value: bigint): Promise<SignedPermit | null> => {
      if (!address || !contracts || !publicClient) throw new Error('Wallet not ready.');
      const [domain, nonce, block] = await Promise.all([
        publicClient.readContract({
          address: contracts.farToken,
          abi: farTokenAbi,
          functionName: 'eip712Domain',
        }),
        publicClient.readContract({
          address: contracts.farToken,
          abi: farTokenAbi,
          functionName: 'nonces',
          args: [address],
        }),
        publicClient.getBlock(),
      ]);
      const deadline = block.timestamp + PERMIT_TTL_SECONDS;
      try {
        return await signTokenPermit(
          signTypedData.mutateAsync,
          { name: domain[1], version: domain[2], chainId: domain[3], verifyingContract: domain[4] },
          { owner: address, spender, value, nonce, deadline },
        );
      } catch (error) {
        if (isUserRejection(error)) throw error;
        return null;
      }
    },
    [address, contracts, publicClient, signTypedData],
  );

  const approve = useCallback(
    async (spender: Address, value: bigint) => {
      if (!address || !contracts || !publicClient) throw new Error('Wallet not ready.');
      const allowance = await publicClient.readContract({
        address: contracts.farToken,
        abi: farTokenAbi,
        functionName: 'allowance',
        args: [address, spender],
      });
      if (allowance >= value) return;
      const hash = await writeContract.mutateAsync({
        address: contracts.farToken,
        abi: farTokenAbi,
        functionName: 'approve',
        args: [spender, value],
        chainId,
      });
      track({ hash, label: 'Approve FAR', chainId: expectedChainId ?? 0 });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== 'success') throw new Error('The approval transaction reverted.');
    },
    [address, contracts, publicClient, writeContract, chainId, track, expectedChainId],
  );

  const deposit = useCallback(
    (amountWei: bigint) =>
      run('Deposit', async () => {
        if (!contracts) throw new Error('Contracts unknown.');
        const permit = await signPermit(contracts.inferencePayment, amountWei);
        if (permit) {
          return writeContract.mutateAsync({
            address: contracts.inferencePayment,
            abi: inferencePaymentAbi,
            functionName: 'depositWithPermit',
            args: [amountWei, permit.deadline, permit.v, permit.r, permit.s],
            chainId,
          });
        }
        await approve(contracts.inferencePayment, amountWei);
        return writeContract.mutateAsync({
          address: contracts.inferencePayment,
          abi: inferencePaymentAbi,
          functionName: 'deposit',
          args: [amountWei],
          chainId,
        });
      }),
    [run, contracts, signPermit, approve, writeContract, chainId],
  );

  const stake = useCallback(
    (amountWei: bigint, lockTier: number) =>
      run('Stake', async () => {
        if (!contracts) throw new Error('Contracts unknown.');
        const permit = await signPermit(contracts.farStaking, amountWei);
        if (permit) {
          return writeContract.mutateAsync({
            address: contracts.farStaking,
            abi: farStakingAbi,
            functionName: 'stakeWithPermit',
            args: [amountWei, lockTier, permit.deadline, permit.v, permit.r, permit.s],
            chainId,
          });
        }
        await approve(contracts.farStaking, amountWei);
        return writeContract.mutateAsync({
          address: contracts.farStaking,
          abi: farStakingAbi,
          functionName: 'stake',
          args: [amountWei, lockTier],
          chainId,
        });
      }),
    [run, contracts, signPermit, approve, writeContract, chainId],
  );

  const simple = useCallback(
    (
      label: string,
      target: 'inferencePayment' | 'farStaking',
      call:
        | {
            abi: typeof inferencePaymentAbi;
            functionName: 'withdraw' | 'withdrawEarnings';
            args: readonly [bigint];
          }
        | { abi: typeof farStakingAbi; functionName: 'unstake'; args: readonly [bigint, bigint] }
        | { abi: typeof farStakingAbi; functionName: 'claimRewards'; args: readonly [] },
    ) =>
      run(label, () => {
        if (!contracts) throw new Error('Contracts unknown.');
        return writeContract.mutateAsync({ address: contracts[target], chainId, ...call } as never);
      }),
    [run, contracts, writeContract, chainId],
  );

  const withdraw = useCallback(
    (amountWei: bigint) =>
      simple('Withdraw', 'inferencePayment', {
        abi: inferencePaymentAbi,
        functionName: 'withdraw',
        args: [amountWei],
      }),
    [simple],
  );
  const withdrawEarnings = useCallback(
    (amountWei: bigint) =>
      simple('Withdraw earnings', 'inferencePayment', {
        abi: inferencePaymentAbi,
        functionName: 'withdrawEarnings',
        args: [amountWei],
      }),
    [simple],
  );
  const unstake = useCallback(
    (positionId: number, amountWei: bigint) =>
      simple('Unstake', 'farStaking', {
        abi: farStakingAbi,
        functionName: 'unstake',
        args: [BigInt(positionId), amountWei],
      }),
    [simple],
  );
  const claim = useCallback(
    () =>
      simple('Claim rewards', 'farStaking', { abi: farStakingAbi, functionName: 'claimRewards', args: [] }),
    [simple],
  );

  return { deposit, withdraw, withdrawEarnings, stake, unstake, claim, busy, outcome };
}
