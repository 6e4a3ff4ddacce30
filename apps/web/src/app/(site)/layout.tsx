import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/layout/SiteHeader';

/**
 * Landing and product pages. They ship no wallet code (wagmi + viem are most of the app's
 * JavaScript), so the home page stays light; the header still shows the connected wallet, read
 * from the wagmi cookie on the server.
 */
export default function SiteLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main id="main" className="mx-auto max-w-7xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
