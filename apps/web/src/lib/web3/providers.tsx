'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { type State, WagmiProvider } from 'wagmi';
import { SessionProvider } from '../auth/SessionProvider';
import { type PublicConfig, PublicConfigProvider } from '../config/PublicConfig';
import { PendingTransactionsProvider } from './PendingTransactions';
import { createWagmiConfig } from './wagmiConfig';

/**
 * Every client-side context the app needs: wagmi (hydrated from the cookie the server read),
 * React Query, the SIWE session and the pending-transaction tracker.
 */
export function Providers({
  children,
  initialState,
  publicConfig,
}: {
  children: ReactNode;
  initialState: State | undefined;
  publicConfig: PublicConfig;
}) {
  const [config] = useState(() => createWagmiConfig(publicConfig));
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 10_000, retry: 1, refetchOnWindowFocus: false } },
      }),
  );
  // Lets browser tests (and anyone debugging) know the wallet UI is hydrated and clickable.
  useEffect(() => {
    document.documentElement.dataset.walletReady = 'true';
    return () => {
      delete document.documentElement.dataset.walletReady;
    };
  }, []);
  return (
    <PublicConfigProvider value={publicConfig}>
      <WagmiProvider config={config} initialState={initialState}>
        <QueryClientProvider client={queryClient}>
          <SessionProvider>
            <PendingTransactionsProvider>{children}</PendingTransactionsProvider>
          </SessionProvider>
        </QueryClientProvider>
      </WagmiProvider>
    </PublicConfigProvider>
  );
}
