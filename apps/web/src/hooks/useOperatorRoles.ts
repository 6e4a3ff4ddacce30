'use client';

import { useQuery } from '@tanstack/react-query';
import { adminRequest } from '@/lib/admin/adminRequest';
import { useSession } from '@/lib/auth/SessionProvider';

/** What `/api/admin/me` answers: the wallet's database roles (empty for most wallets). */
export type OperatorRoles = { wallet: string; roles: string[]; chainId: number };

/**
 * The signed-in wallet's operator roles; disabled (no data) while signed out.
 * @returns the query; `data.roles` is empty for a wallet without a role
 */
export function useOperatorRoles() {
  const { accessToken, user } = useSession();
  return useQuery({
    queryKey: ['admin', 'me', user?.id],
    queryFn: () => adminRequest<OperatorRoles>(accessToken ?? '', '/api/admin/me'),
    enabled: Boolean(accessToken),
    staleTime: 60_000,
  });
}
