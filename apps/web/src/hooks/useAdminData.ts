'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { adminRequest } from '@/lib/admin/adminRequest';
import { useSession } from '@/lib/auth/SessionProvider';

/**
 * Reads an operator-console route with the wallet's session.
 * @param path - e.g. `/api/admin/health`; null waits (nothing chosen yet)
 * @param refetchInterval - poll every so many ms (live views), or never
 * @returns the query
 */
export function useAdminQuery<T>(path: string | null, refetchInterval: number | false = false) {
  const { accessToken } = useSession();
  return useQuery({
    queryKey: ['admin', path],
    queryFn: () => adminRequest<T>(accessToken ?? '', path ?? ''),
    enabled: Boolean(accessToken) && path !== null,
    refetchInterval,
  });
}

/**
 * Posts a console action; on success every console view reloads (the action and its audit row).
 * @returns a mutation taking `{ path, body }`
 */
export function useAdminAction() {
  const { accessToken } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) =>
      adminRequest<unknown>(accessToken ?? '', path, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}
