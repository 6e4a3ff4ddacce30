'use client';

import { LogOut } from 'lucide-react';
import { useState } from 'react';
import { useConnect, useConnectors, useDisconnect } from 'wagmi';
import { useWeb3 } from '@/hooks/useWeb3';
import { shortAddress } from '@/lib/format/shortAddress';
import { describeError } from '@/lib/web3/describeError';
import { isUserRejection } from '@/lib/web3/isUserRejection';
import { Button } from '../ui/Button';

/**
 * Connect an EIP-6963 wallet (or the legacy injected one, or a mobile wallet through WalletConnect
 * when a project id is configured), then Sign-In with Ethereum.
 * A rejected request is a cancel: it closes quietly with a neutral note, never an error.
 */
export function WalletConnect() {
  const { address, isConnected, session } = useWeb3();
  const connectors = useConnectors();
  const connect = useConnect();
  const disconnect = useDisconnect();
  const [open, setOpen] = useState(false);

  // EIP-6963 wallets announce themselves; the generic "Injected" entry is only a fallback.
  // WalletConnect (mobile wallets, when configured) is offered beside either.
  const browserWallets = connectors.filter((connector) => connector.type === 'injected');
  const announced = browserWallets.filter((connector) => connector.id !== 'injected');
  const choices = [
    ...(announced.length > 0 ? announced : browserWallets),
    ...connectors.filter((connector) => connector.type !== 'injected'),
  ];
  const connectNote =
    connect.error && !isUserRejection(connect.error)
      ? describeError(connect.error)
      : connect.error
        ? 'Connection cancelled.'
        : null;

  if (!isConnected || !address) {
    return (
      <div className="relative">
        <Button onClick={() => setOpen((value) => !value)} aria-expanded={open} aria-haspopup="menu">
          Connect wallet
        </Button>
        {open ? (
          <div
            role="menu"
            className="absolute right-0 z-40 mt-2 w-64 rounded-xl border border-line bg-surface p-2 shadow-xl"
          >
            {choices.length === 0 ? (
              <p className="p-3 text-sm text-muted">
                No browser wallet found. Install MetaMask or another wallet.
              </p>
            ) : (
              choices.map((connector) => (
                <button
                  key={connector.uid}
                  role="menuitem"
                  type="button"
                  className="flex w-full items-center gap-3 rounded-lg px-3 py-2 text-left text-white hover:bg-surface-raised focus-visible:outline-2 focus-visible:outline-brand-soft"
                  onClick={() => {
                    setOpen(false);
                    connect.mutate({ connector });
                  }}
                >
                  {/* biome-ignore lint/performance/noImgElement: EIP-6963 icons are data: URIs the image optimizer cannot fetch */}
                  {connector.icon ? <img src={connector.icon} alt="" width={24} height={24} /> : null}
                  {connector.name}
                </button>
              ))
            )}
          </div>
        ) : null}
        {connectNote ? (
          <p role="status" className="absolute right-0 mt-1 w-56 text-right text-xs text-muted">
            {connectNote}
          </p>
        ) : null}
      </div>
    );
  }

  return (
    <div className="flex items-center gap-2">
      <span className="hidden font-mono text-sm text-soft sm:inline" data-testid="wallet-address">
        {shortAddress(address)}
      </span>
      {session.status === 'signedIn' ? (
        <Button variant="secondary" onClick={() => void session.signOut()}>
          Sign out
        </Button>
      ) : (
        <Button onClick={() => void session.signIn()} disabled={session.status !== 'signedOut'}>
          {session.status === 'signingIn'
            ? 'Check your wallet…'
            : session.status === 'restoring'
              ? '…'
              : 'Sign in'}
        </Button>
      )}
      <Button
        variant="secondary"
        aria-label="Disconnect wallet"
        onClick={() => {
          void session.signOut();
          disconnect.mutate();
        }}
      >
        <LogOut aria-hidden="true" className="size-4" />
      </Button>
      {session.notice ? (
        <p
          role={session.notice.kind === 'error' ? 'alert' : 'status'}
          className={`absolute top-full right-4 mt-1 text-xs ${session.notice.kind === 'error' ? 'text-red-300' : 'text-muted'}`}
          data-testid="session-notice"
        >
          {session.notice.message}
        </p>
      ) : null}
    </div>
  );
}
