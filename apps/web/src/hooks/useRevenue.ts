'use client';

import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/api/queryKeys';
import { useSession } from '@/lib/auth/SessionProvider';
import { useRevenueSnapshot } from './useAccountData';
import { useWebSocket } from './useWebSocket';

/**
 * The user's revenue by stream: the REST snapshot, refreshed whenever the API pushes
 * `revenue:update` over the socket.
 * @returns the query result plus the live connection status
 */
export function useRevenue() {
  const queryClient = useQueryClient();
  const { user } = useSession();
  const snapshot = useRevenueSnapshot();
  const live = useWebSocket({ event: 'subscribe:revenue' }, 'revenue:update', () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.revenue(user?.id) });
  });
  return { ...snapshot, live };
}
