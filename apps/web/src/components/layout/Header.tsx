import { NetworkGuard } from '../web3/NetworkGuard';
import { WalletConnect } from '../web3/WalletConnect';
import { Brand } from './Brand';
import { Navigation } from './Navigation';
import { OperatorConsoleLink } from './OperatorConsoleLink';

/** The app's header: brand, navigation, wallet; the wrong-network prompt sits right under it. */
export function Header() {
  return (
    <header className="sticky top-0 z-30 border-b border-line bg-canvas/95 backdrop-blur">
      <div className="relative mx-auto flex max-w-7xl items-center justify-between gap-3 px-4 py-3">
        <div className="flex items-center gap-3">
          <Brand />
          <Navigation extraItem={(className) => <OperatorConsoleLink className={className} />} />
        </div>
        <WalletConnect />
      </div>
      <NetworkGuard />
    </header>
  );
}
