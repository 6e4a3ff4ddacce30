'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchNodeScores } from '@/lib/network/fetchNodeScores';

/**
 * Every recent node's score and the inputs behind it, with the formula: public, refreshed every 30 s.
 * @returns the react-query result
 */
export function useNodeScores() {
  return useQuery({
    queryKey: ['node-scores'],
    queryFn: ({ signal }) => fetchNodeScores(signal),
    refetchInterval: 30_000,
  });
}
