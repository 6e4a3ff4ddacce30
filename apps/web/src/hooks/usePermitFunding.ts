'use client';

import { farTokenAbi, type SignedPermit, signPermit as signTokenPermit } from '@far/contracts/browser';
import { useCallback } from 'react';
import type { Address, Hash } from 'viem';
import { usePublicClient, useSignTypedData, useWriteContract } from 'wagmi';
import { isUserRejection } from '@/lib/web3/isUserRejection';
import { usePendingTransactions } from '@/lib/web3/PendingTransactions';
import { useWeb3 } from './useWeb3';

// A permit signature only needs to outlive the transaction that carries it.
const PERMIT_TTL_SECONDS = 3_600n;

/** The two ways to send a call that pulls FAR: with a signed permit, or after an approval. */
export type FundingCalls = {
  withPermit: (permit: SignedPermit) => Promise<Hash>;
  afterApproval: () => Promise<Hash>;
};

/**
 * Sends a call that pulls FAR from the wallet in one transaction with an EIP-2612 permit, or, when
 * the wallet cannot sign typed data, approves first (only if the allowance is short) and then calls.
 * A rejected signature prompt is not a reason to fall back: it propagates as a rejection.
 * @returns `fund(spender, amountWei, calls)`, resolving to the hash of the call that moves the FAR
 */
export function usePermitFunding() {
  const { address, contracts, expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const publicClient = usePublicClient({ chainId });
  const writeContract = useWriteContract();
  const signTypedData = useSignTypedData();
  const { track } = usePendingTransactions();

  /** Signs an EIP-2612 permit; null when the wallet cannot sign typed data (then we approve instead). */
  const signPermit = useCallback(
    async (spender: Address, value: bigint): Promise<SignedPermit | null> => {
      if (!address || !contracts || !publicClient) throw new Error('Wallet not ready.');
      const token = contracts.farToken;
      const [domain, nonce, block] = await Promise.all([
        publicClient.readContract({ address: token, abi: farTokenAbi, functionName: 'eip712Domain' }),
        publicClient.readContract({
          address: token,
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

  const fund = useCallback(
    async (spender: Address, amountWei: bigint, calls: FundingCalls): Promise<Hash> => {
      const permit = await signPermit(spender, amountWei);
      if (permit) return calls.withPermit(permit);
      await approve(spender, amountWei);
      return calls.afterApproval();
    },
    [signPermit, approve],
  );

  return { fund };
}
