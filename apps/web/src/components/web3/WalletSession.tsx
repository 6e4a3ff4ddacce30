'use client';

import { LogOut } from 'lucide-react';
import type { Address } from 'viem';
import { useDisconnect } from 'wagmi';
import { useWeb3 } from '@/hooks/useWeb3';
import { shortAddress } from '@/lib/format/shortAddress';
import { Button } from '../ui/Button';

/** A connected wallet: its address, Sign in / Sign out (Sign-In with Ethereum), and Disconnect. */
export function WalletSession({ address }: { address: Address }) {
  const { session } = useWeb3();
  const disconnect = useDisconnect();
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
