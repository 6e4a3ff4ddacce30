'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { bearer } from '@/lib/api/apiClient';
import { readApiData } from '@/lib/api/readApiData';
import { useSession } from '@/lib/auth/SessionProvider';

/** What a typed `apiClient` call resolves to. */
type ClientAnswer<T> = { data?: T; error?: unknown; response: Response };

/** Sends one console request with the given session headers, through the typed `apiClient`. */
export type AdminCall<T> = (headers: Record<string, string>) => Promise<ClientAnswer<T>>;

/**
 * Reads an operator-console route through the typed client with the wallet's session.
 * @param key - what is read (the query key under `admin`); null waits (nothing chosen yet)
 * @param call - the typed call, e.g. `(headers) => apiClient.GET('/api/admin/health', { headers })`
 * @param refetchInterval - poll every so many ms (live views), or never
 * @returns the query, its data typed from the API's OpenAPI document
 * @example
 * const health = useAdminQuery(['health'], (headers) => apiClient.GET('/api/admin/health', { headers }), 10_000);
 */
export function useAdminQuery<T>(
  key: readonly unknown[] | null,
  call: AdminCall<T>,
  refetchInterval: number | false = false,
) {
  const { accessToken } = useSession();
  return useQuery({
    queryKey: ['admin', ...(key ?? [])],
    queryFn: () => readApiData(call(bearer(accessToken)), (data: T) => data),
    enabled: Boolean(accessToken) && key !== null,
    refetchInterval,
  });
}

/**
 * Sends a console action through the typed client; on success every console view reloads (the
 * action and its audit row).
 * @returns a mutation taking the typed call, e.g.
 *   `(headers) => apiClient.POST('/api/admin/roles', { headers, body })`
 */
export function useAdminAction() {
  const { accessToken } = useSession();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (call: AdminCall<unknown>) => readApiData(call(bearer(accessToken)), (data) => data),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['admin'] }),
  });
}
