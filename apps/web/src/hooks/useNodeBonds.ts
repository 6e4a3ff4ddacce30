'use client';

import { nodeBondAbi, nodeBondKey } from '@far/contracts/browser';
import { useQuery } from '@tanstack/react-query';
import { useReadContracts } from 'wagmi';
import { fetchBondTerms, fetchMyBonds } from '@/lib/api/endpoints';
import { queryKeys } from '@/lib/api/queryKeys';
import { useSession } from '@/lib/auth/SessionProvider';
import type { NodeBondOnChain } from '@/lib/bonds/describeNodeBond';
import { useWeb3 } from './useWeb3';

/** NodeBond's terms from `/api/bonds` (absent where bonds are off). */
function useBondTerms() {
  return useQuery({
    queryKey: queryKeys.bondTerms,
    queryFn: fetchBondTerms,
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * The connected wallet's bonds: its nodes and the slashes against them from `/api/bonds/me`, then
 * each bond (`bondOf(wallet, keccak256(node id))`, also for `extraNodeIds` not yet joined) and each
 * slash (`slashOf`) read from NodeBond in one batch, refreshed every 15 s.
 * @param extraNodeIds - node ids typed on the page that have no node row yet (a node joins only once bonded)
 * @returns the terms, the API's lists, and the chain's bond and slash records by node id / evidence hash
 */
export function useNodeBonds(extraNodeIds: readonly string[] = []) {
  const { accessToken, user } = useSession();
  const { address, expectedChainId } = useWeb3();
  const terms = useBondTerms();
  const mine = useQuery({
    queryKey: queryKeys.myBonds(user?.id),
    queryFn: () => fetchMyBonds(accessToken ?? ''),
    enabled: accessToken !== null,
    refetchInterval: 15_000,
  });
  const nodeIds = [...new Set([...(mine.data?.nodes.map((node) => node.nodeId) ?? []), ...extraNodeIds])];
  const slashes = mine.data?.slashes.filter((slash) => slash.status === 'proposed') ?? [];
  const nodeBond = terms.data?.nodeBond;
  const chainId = (expectedChainId ?? undefined) as never;
  const reads = useReadContracts({
    allowFailure: true,
    contracts:
      nodeBond && address
        ? [
            ...nodeIds.map((nodeId) => ({
              address: nodeBond,
              abi: nodeBondAbi,
              functionName: 'bondOf' as const,
              args: [address, nodeBondKey(nodeId)] as const,
              chainId,
            })),
            ...slashes.map((slash) => ({
              address: nodeBond,
              abi: nodeBondAbi,
              functionName: 'slashOf' as const,
              args: [slash.evidenceHash] as const,
              chainId,
            })),
            {
              address: nodeBond,
              abi: nodeBondAbi,
              functionName: 'refundOf' as const,
              args: [address] as const,
              chainId,
            },
          ]
        : [],
    query: { enabled: Boolean(nodeBond && address), refetchInterval: 15_000 },
  });
  const results = reads.data ?? [];
  const bonds = new Map<string, NodeBondOnChain>();
  nodeIds.forEach((nodeId, index) => {
    const entry = results[index];
    if (entry?.status === 'success') bonds.set(nodeId, entry.result as NodeBondOnChain);
  });
  const slashRecords = new Map<string, { status: number; appealEndsAt: number }>();
  slashes.forEach((slash, index) => {
    const entry = results[nodeIds.length + index];
    if (entry?.status === 'success')
      slashRecords.set(slash.evidenceHash, entry.result as { status: number; appealEndsAt: number });
  });
  const refund = results[nodeIds.length + slashes.length];
  return {
    terms,
    mine,
    nodeIds,
    slashes,
    bonds,
    slashRecords,
    refundWei: refund?.status === 'success' ? (refund.result as bigint) : undefined,
    reads,
  };
}
