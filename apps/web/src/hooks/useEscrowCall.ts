'use client';

import { researchEscrowAbi } from '@far/contracts/browser';
import { useCallback } from 'react';
import type { Hash } from 'viem';
import { useWriteContract } from 'wagmi';
import { explainEscrowError } from '@/lib/desci/explainEscrowError';
import { useDesciContracts } from './useDesciQueries';
import { useWeb3 } from './useWeb3';

/**
 * Sends one ResearchEscrow call from the connected wallet on the API's network; a revert fails with
 * the escrow's custom error explained in a sentence (a rejected prompt stays a rejection).
 * @returns `escrowCall(functionName, args)`, resolving to the transaction hash
 */
export function useEscrowCall() {
  const { expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const contracts = useDesciContracts().data;
  const writeContract = useWriteContract();
  return useCallback(
    async (functionName: string, args: readonly unknown[]): Promise<Hash> => {
      if (!contracts) throw new Error('Far DeSci is not deployed on this network.');
      try {
        return await writeContract.mutateAsync({
          address: contracts.researchEscrow,
          abi: researchEscrowAbi,
          functionName,
          args,
          chainId,
        } as never);
      } catch (error) {
        const explained = explainEscrowError(error);
        throw explained ? new Error(explained, { cause: error }) : error;
      }
    },
    [contracts, writeContract, chainId],
  );
}
