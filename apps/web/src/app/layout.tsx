import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { cookieToInitialState } from 'wagmi';
import { Footer } from '@/components/layout/Footer';
import { Header } from '@/components/layout/Header';
import { readPublicConfig } from '@/lib/config/readPublicConfig';
import { Providers } from '@/lib/web3/providers';
import { createWagmiConfig } from '@/lib/web3/wagmiConfig';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Far Labs', template: '%s · Far Labs' },
  description: 'Decentralized AI inference, GPU DePIN and $FAR staking on BNB Smart Chain.',
};

export const viewport: Viewport = { themeColor: '#0F0F0F', width: 'device-width', initialScale: 1 };

/** Root layout: reads the wagmi cookie so a connected wallet renders connected on the first paint. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const initialState = cookieToInitialState(createWagmiConfig(), (await headers()).get('cookie'));
  return (
    <html lang="en">
      <body className="min-h-screen bg-[#0F0F0F] font-sans text-white antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-[#7C3AED] focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <Providers initialState={initialState} publicConfig={readPublicConfig()}>
          <Header />
          <main id="main" className="mx-auto max-w-7xl px-4 py-8">
            {children}
          </main>
          <Footer />
        </Providers>
      </body>
    </html>
  );
}
