'use client';

import { gameLicensesAbi } from '@far/contracts/browser';
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Address, Hash } from 'viem';
import { usePublicClient, useWriteContract } from 'wagmi';
import { useStoreSettings } from './useGamedQueries';
import { useTrackedAction } from './useTrackedAction';
import { useWeb3 } from './useWeb3';

// LicenseSales.PurchaseStatus: None, Held, Refunded, Settled.
const heldStatus = 1;
// The newest purchases scanned for ones past their refund window; older held ones are a keeper's job.
const scannedPurchases = 500n;

/** A purchase of one of the studio's games whose refund window has closed but is not settled yet. */
type DuePurchase = { purchaseId: bigint; gameId: bigint; priceWei: bigint };

/** What the studio can be paid: its withdrawable balance and the held purchases ready to settle. */
type StudioPayoutState = { balanceWei: bigint; due: DuePurchase[] };

/**
 * The studio's payout on GameLicenses, read from the chain: `studioBalance(studio)` and, among the
 * newest purchases, those of `gameIds` still held after their refund window (compared with the
 * latest block's time, not the browser's clock). Refreshed every few seconds.
 */
export function useStudioPayout(gameIds: readonly bigint[]) {
  const { address, expectedChainId } = useWeb3();
  const chainId = (expectedChainId ?? undefined) as never;
  const licenses = useStoreSettings().data?.licensesAddress ?? null;
  const publicClient = usePublicClient({ chainId });
  const ids = new Set(gameIds);
  return useQuery({
    queryKey: ['gamed', 'payout', licenses, address, gameIds.map(String)],
    enabled: Boolean(publicClient && licenses && address),
    refetchInterval: 5_000,
    queryFn: async (): Promise<StudioPayoutState> => {
      if (!publicClient || !licenses || !address) return { balanceWei: 0n, due: [] };
      const contract = { address: licenses as Address, abi: gameLicensesAbi } as const;
      const [balanceWei, count, block] = await Promise.all([
        publicClient.readContract({ ...contract, functionName: 'studioBalance', args: [address] }),
        publicClient.readContract({ ...contract, functionName: 'purchaseCount' }),
        publicClient.getBlock(),
      ]);
      const first = count > scannedPurchases ? count - scannedPurchases + 1n : 1n;
      const purchaseIds = Array.from({ length: Number(count - first + 1n) }, (_, i) => first + BigInt(i));
      const purchases = await Promise.all(
        purchaseIds.map((purchaseId) =>
          publicClient.readContract({ ...contract, functionName: 'purchases', args: [purchaseId] }),
        ),
      );
      const due = purchases.flatMap(([, refundableUntil, , , status, price, gameId], i) =>
        status === heldStatus && BigInt(refundableUntil) <= block.timestamp && ids.has(BigInt(gameId))
          ? [{ purchaseId: purchaseIds[i] as bigint, gameId: BigInt(gameId), priceWei: BigInt(price) }]
          : [],
      );
      return { balanceWei, due };
    },
  });
}

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
