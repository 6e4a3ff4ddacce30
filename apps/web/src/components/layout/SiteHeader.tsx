import { headers } from 'next/headers';
import Link from 'next/link';
import { cookieToInitialState } from 'wagmi';
import { shortAddress } from '@/lib/format/shortAddress';
import { createWagmiConfig } from '@/lib/web3/wagmiConfig';
import { Brand } from './Brand';
import { Navigation } from './Navigation';

/**
 * The landing pages' header, rendered entirely on the server: the connected wallet (from the
 * wagmi cookie) or a way into the app, with no wallet JavaScript on the page.
 */
export async function SiteHeader() {
  const state = cookieToInitialState(createWagmiConfig(), (await headers()).get('cookie'));
  const connection = state?.current ? state.connections.get(state.current) : undefined;
  const address = connection?.accounts[0];
  return (
    <header className="sticky top-0 z-30 border-b border-line bg-canvas/95 backdrop-blur">
      <div className="mx-auto flex max-w-7xl items-center justify-between gap-3 px-4 py-3">
        <div className="flex items-center gap-3">
          <Brand />
          <Navigation />
        </div>
        <Link
          href="/dashboard"
          className="inline-flex items-center gap-2 rounded-lg bg-brand px-4 py-2 font-semibold whitespace-nowrap text-white hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-soft"
        >
          {address ? (
            <>
              <span aria-hidden="true" className="h-2 w-2 rounded-full bg-emerald-400" />
              <span className="font-mono" data-testid="wallet-address">
                {shortAddress(address)}
              </span>
            </>
          ) : (
            'Launch app'
          )}
        </Link>
      </div>
    </header>
  );
}
