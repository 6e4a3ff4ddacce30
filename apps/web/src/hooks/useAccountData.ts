'use client';

import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import {
  fetchMe,
  fetchRevenue,
  listApiKeys,
  listMyNodes,
  listTasks,
  listTransactions,
  listUserActivity,
} from '@/lib/api/endpoints';
import { queryKeys } from '@/lib/api/queryKeys';
import { useSession } from '@/lib/auth/SessionProvider';
import { usePendingTransactions } from '@/lib/web3/PendingTransactions';

// The indexer needs a moment to see a mined transaction; poll briefly instead of guessing a delay.
const INDEXER_CATCH_UP_MS = 30_000;

function useIndexerPolling(): number | false {
  const { minedAt } = usePendingTransactions();
  return minedAt > 0 && Date.now() - minedAt < INDEXER_CATCH_UP_MS ? 1_000 : false;
}

/** The signed-in user's ledger balances from `/api/me`, polled while the indexer catches up. */
export function useMe() {
  const { accessToken, user } = useSession();
  const refetchInterval = useIndexerPolling();
  return useQuery({
    queryKey: queryKeys.me(user?.id),
    queryFn: () => fetchMe(accessToken ?? ''),
    enabled: accessToken !== null,
    refetchInterval,
  });
}

/** The signed-in user's recent inference tasks. */
export function useTasks(limit = 20) {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: queryKeys.tasks(user?.id),
    queryFn: () => listTasks(accessToken ?? '', limit),
    enabled: accessToken !== null,
  });
}

/** The signed-in user's history (ledger and services), page by page, newest first. */
export function useTransactions() {
  const { accessToken, user } = useSession();
  const refetchInterval = useIndexerPolling();
  return useInfiniteQuery({
    queryKey: queryKeys.transactions(user?.id),
    queryFn: ({ pageParam }) => listTransactions(accessToken ?? '', pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: accessToken !== null,
    refetchInterval,
  });
}

/** The signed-in user's security and account activity, page by page, newest first. */
export function useUserActivity() {
  const { accessToken, user } = useSession();
  const refetchInterval = useIndexerPolling();
  return useInfiniteQuery({
    queryKey: queryKeys.userActivity(user?.id),
    queryFn: ({ pageParam }) => listUserActivity(accessToken ?? '', pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: accessToken !== null,
    refetchInterval,
  });
}

/** The signed-in wallet's GPU nodes. */
export function useMyNodes() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: queryKeys.nodes(user?.id),
    queryFn: () => listMyNodes(accessToken ?? ''),
    enabled: accessToken !== null,
    refetchInterval: 10_000,
  });
}

/** The signed-in user's API keys. */
export function useApiKeys() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: queryKeys.apiKeys(user?.id),
    queryFn: () => listApiKeys(accessToken ?? ''),
    enabled: accessToken !== null,
  });
}

/** The signed-in user's revenue by stream (REST snapshot; useRevenue adds live updates). */
export function useRevenueSnapshot() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: queryKeys.revenue(user?.id),
    queryFn: () => fetchRevenue(accessToken ?? ''),
    enabled: accessToken !== null,
  });
}
