'use client';

import { gameLicensesAbi } from '@far/contracts/browser';
import { useCallback } from 'react';
import { usePublicClient } from 'wagmi';
import { useStoreSettings } from './useGamedQueries';
import { useWeb3 } from './useWeb3';

/**
 * Reads, from the chain itself rather than the API, the SHA-256 GameLicenses records for a game's
 * build on a platform: the hash a download must match.
 * @returns `read(gameId, platformIndex)`, resolving to the `0x…` hash (zero when none is published)
 */
export function useReadBuildHash() {
  const { expectedChainId } = useWeb3();
  const publicClient = usePublicClient({ chainId: (expectedChainId ?? undefined) as never });
  const licenses = useStoreSettings().data?.licensesAddress ?? null;
  return useCallback(
    async (gameId: bigint, platformIndex: number) => {
      if (!publicClient || !licenses) throw new Error('Far GameD is not deployed on this network.');
      return publicClient.readContract({
        address: licenses,
        abi: gameLicensesAbi,
        functionName: 'buildHash',
        args: [gameId, platformIndex],
      });
    },
    [publicClient, licenses],
  );
}
