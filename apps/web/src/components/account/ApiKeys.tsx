'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useApiKeys } from '@/hooks/useAccountData';
import { queryKeys } from '@/lib/api/queryKeys';
import { useSession } from '@/lib/auth/SessionProvider';
import { ApiKeyList } from './ApiKeyList';
import { CreateApiKey } from './CreateApiKey';

/** Create (secret shown once), list and revoke API keys. */
export function ApiKeys() {
  const { accessToken, user } = useSession();
  const queryClient = useQueryClient();
  const keys = useApiKeys();
  // A key change is also a line of the account's activity.
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys(user?.id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.userActivity(user?.id) });
  };
  return (
    <div className="flex flex-col gap-6">
      <CreateApiKey accessToken={accessToken ?? ''} onCreated={refresh} />
      <ApiKeyList keys={keys} accessToken={accessToken ?? ''} onRevoked={refresh} />
    </div>
  );
}
