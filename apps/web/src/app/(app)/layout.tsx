import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { cookieToInitialState } from 'wagmi';
import { Header } from '@/components/layout/Header';
import { readPublicConfig } from '@/lib/config/readPublicConfig';
import { Providers } from '@/lib/web3/providers';
import { createWagmiConfig } from '@/lib/web3/wagmiConfig';

/** The wallet-backed app: reads the wagmi cookie so a connected wallet renders connected on first paint. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const initialState = cookieToInitialState(createWagmiConfig(), (await headers()).get('cookie'));
  return (
    <Providers initialState={initialState} publicConfig={readPublicConfig()}>
      <Header />
      <main id="main" className="mx-auto max-w-7xl px-4 py-8">
        {children}
      </main>
    </Providers>
  );
}
