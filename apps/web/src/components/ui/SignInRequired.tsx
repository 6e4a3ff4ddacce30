'use client';

import type { ReactNode } from 'react';
import { useWeb3 } from '@/hooks/useWeb3';
import { Card } from './Card';

/** Shows its children only to a signed-in user; otherwise says what to do. */
export function SignInRequired({ children, what }: { children: ReactNode; what: string }) {
  const { isConnected, session } = useWeb3();
  if (session.status === 'restoring') {
    return (
      <Card aria-busy="true" className="text-sm text-muted">
        Restoring your session…
      </Card>
    );
  }
  if (session.status !== 'signedIn') {
    return (
      <Card className="text-soft">
        {isConnected ? 'Sign in with your wallet' : 'Connect a wallet and sign in'} (top right) to see {what}.
      </Card>
    );
  }
  return <>{children}</>;
}
