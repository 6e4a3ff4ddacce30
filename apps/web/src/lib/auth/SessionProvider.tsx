'use client';

import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { createSiweMessage } from 'viem/siwe';
import { useAccount, useSignMessage } from 'wagmi';
import { fetchNonce, logout, restoreSession, type Session, type User, verifySignIn } from '../api/endpoints';
import { describeError } from '../web3/describeError';
import { isUserRejection } from '../web3/isUserRejection';

export type SessionStatus = 'restoring' | 'signedOut' | 'signingIn' | 'signedIn';

export type SessionState = {
  status: SessionStatus;
  user: User | null;
  /** Kept in memory only; the HttpOnly refresh cookie restores it after a reload. */
  accessToken: string | null;
  /** Last sign-in outcome worth telling: a cancel (neutral) or a failure. */
  notice: { kind: 'cancelled' | 'error'; message: string } | null;
  signIn: () => Promise<void>;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<SessionState | null>(null);

// Refresh a minute before the access token expires so requests never race its expiry.
const REFRESH_MARGIN_MS = 60_000;

/**
 * Holds the Sign-In with Ethereum session: restores it from the refresh cookie on load, signs in
 * with the connected wallet, refreshes the access token before it expires, and drops it when the
 * wallet switches to another account.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { address, chainId, isConnected } = useAccount();
  const { mutateAsync: signMessageAsync } = useSignMessage();
  const [status, setStatus] = useState<SessionStatus>('restoring');
  const [session, setSession] = useState<Session | null>(null);
  const [notice, setNotice] = useState<SessionState['notice']>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const adopt = useCallback((next: Session | null) => {
    clearTimeout(refreshTimer.current);
    setSession(next);
    setStatus(next ? 'signedIn' : 'signedOut');
    if (!next) return;
    const expiresAt = new Date(next.expiresAt).getTime();
    const delay = Math.max(5_000, expiresAt - Date.now() - REFRESH_MARGIN_MS);
    refreshTimer.current = setTimeout(() => {
      restoreSession()
        .then(adopt)
        .catch(() => adopt(null));
    }, delay);
  }, []);

  useEffect(() => {
    let cancelled = false;
    restoreSession()
      .then((restored) => !cancelled && adopt(restored))
      .catch(() => !cancelled && adopt(null));
    return () => {
      cancelled = true;
      clearTimeout(refreshTimer.current);
    };
  }, [adopt]);

  // A session belongs to one wallet; another account must sign in for itself.
  useEffect(() => {
    if (!session || !address) return;
    if (session.user.walletAddress.toLowerCase() !== address.toLowerCase()) adopt(null);
  }, [address, session, adopt]);

  const signIn = useCallback(async () => {
    if (!isConnected || !address || !chainId) return;
    setNotice(null);
    setStatus('signingIn');
    try {
      const { nonce } = await fetchNonce();
      const message = createSiweMessage({
        domain: window.location.host,
        uri: window.location.origin,
        address,
        chainId,
        nonce,
        version: '1',
        statement: 'Sign in to Far Labs',
        issuedAt: new Date(),
      });
      const signature = await signMessageAsync({ message });
      adopt(await verifySignIn(message, signature));
    } catch (error) {
      setStatus('signedOut');
      if (isUserRejection(error)) setNotice({ kind: 'cancelled', message: 'Sign-in cancelled.' });
      else setNotice({ kind: 'error', message: describeError(error) });
    }
  }, [address, chainId, isConnected, signMessageAsync, adopt]);

  const signOut = useCallback(async () => {
    const token = session?.accessToken ?? null;
    adopt(null);
    await logout(token).catch(() => undefined);
  }, [session, adopt]);

  const value = useMemo<SessionState>(
    () => ({
      status,
      user: session?.user ?? null,
      accessToken: session?.accessToken ?? null,
      notice,
      signIn,
      signOut,
    }),
    [status, session, notice, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/**
 * Reads the current SIWE session.
 * @returns status, user, access token and the sign-in / sign-out actions
 */
export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>.');
  return value;
}
