'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchChainInfo } from '@/lib/api/endpoints';
import { queryKeys } from '@/lib/api/queryKeys';

/**
 * Chain id, contract addresses and FAR/USD price from `/api/chain`.
 * @returns the React Query result
 */
export function useChainInfo() {
  return useQuery({ queryKey: queryKeys.chainInfo, queryFn: fetchChainInfo, staleTime: 60_000 });
}
