'use client';

import { useQuery } from '@tanstack/react-query';
import { useSession } from '@/lib/auth/SessionProvider';
import { listBatches } from '@/lib/batches/batchEndpoints';

/** Batches still moving are polled; finished ones do not change. */
const RUNNING_POLL_MS = 3_000;

/** The signed-in user's batches, refreshed every few seconds while one is still running. */
export function useBatches() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: ['batches', user?.id],
    queryFn: () => listBatches(accessToken ?? ''),
    enabled: accessToken !== null,
    refetchInterval: (query) =>
      query.state.data?.some((b) => !['completed', 'failed', 'expired', 'cancelled'].includes(b.status))
        ? RUNNING_POLL_MS
        : false,
  });
}
