'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchNetworkMetrics } from '@/lib/network/fetchNetworkMetrics';

/**
 * The network metrics series over the last `hours`: public, refreshed every minute (the sampling period).
 * @param hours - how far back
 * @returns the react-query result
 */
export function useNetworkMetrics(hours: number) {
  return useQuery({
    queryKey: ['network-metrics', hours],
    queryFn: ({ signal }) => fetchNetworkMetrics({ hours, signal }),
    refetchInterval: 60_000,
  });
}
