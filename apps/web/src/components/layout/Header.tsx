import Link from 'next/link';
import { NetworkGuard } from '../web3/NetworkGuard';
import { WalletConnect } from '../web3/WalletConnect';
import { Navigation } from './Navigation';

/** Site header: brand, navigation, wallet; the wrong-network prompt sits right under it. */
export function Header() {
  return (
    <header className="sticky top-0 z-30 border-b border-[#2D2D2D] bg-[#0F0F0F]/95 backdrop-blur">
      <div className="mx-auto flex max-w-7xl items-center justify-between gap-3 px-4 py-3">
        <div className="flex items-center gap-3">
          <Link
            href="/"
            className="rounded-md text-lg font-bold text-white focus-visible:outline-2 focus-visible:outline-[#A78BFA]"
          >
            <span className="text-[#A78BFA]">Far</span> Labs
          </Link>
          <Navigation />
        </div>
        <WalletConnect />
      </div>
      <NetworkGuard />
    </header>
  );
}
