'use client';

import { useQuery } from '@tanstack/react-query';
import { fetchNetworkRevenue } from '@/lib/revenue/fetchNetworkRevenue';

/**
 * The network's revenue by service over the trailing `days`, and FARStaking's pool: public, the
 * same for everyone, refreshed every minute.
 * @param days - the trailing window
 * @returns the react-query result
 */
export function useNetworkRevenue(days = 30) {
  return useQuery({
    queryKey: ['network-revenue', days],
    queryFn: ({ signal }) => fetchNetworkRevenue({ days, signal }),
    refetchInterval: 60_000,
  });
}
