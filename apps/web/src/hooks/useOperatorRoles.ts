'use client';

import { useQuery } from '@tanstack/react-query';
import { apiClient, bearer } from '@/lib/api/apiClient';
import { readApiData } from '@/lib/api/readApiData';
import { useSession } from '@/lib/auth/SessionProvider';

/**
 * The signed-in wallet's operator roles (`/api/admin/me`); disabled (no data) while signed out.
 * @returns the query; `data.roles` is empty for a wallet without a role
 */
export function useOperatorRoles() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: ['admin', 'me', user?.id],
    queryFn: () =>
      readApiData(apiClient.GET('/api/admin/me', { headers: bearer(accessToken) }), (data) => data),
    enabled: Boolean(accessToken),
    staleTime: 60_000,
  });
}
