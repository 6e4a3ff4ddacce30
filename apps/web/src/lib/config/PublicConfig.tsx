'use client';

import { createContext, type ReactNode, useContext } from 'react';

/** Settings the browser needs that differ per deployment, read by the server at request time. */
export type PublicConfig = {
  /** Where socket.io lives (the browser connects to it directly). */
  apiUrl: string;
  /** Offers mobile wallets through WalletConnect when set (NEXT_PUBLIC_WALLETCONNECT_PROJECT_ID). */
  walletConnectProjectId: string | null;
};

const PublicConfigContext = createContext<PublicConfig>({
  apiUrl: 'http://127.0.0.1:4000',
  walletConnectProjectId: null,
});

// NEXT_PUBLIC_* values are frozen into the bundle at build time, but one build runs against many
// stacks (tests start the API on a random port), so the root layout passes them at request time.
/** Provides the runtime public config to client components. */
export function PublicConfigProvider({ value, children }: { value: PublicConfig; children: ReactNode }) {
  return <PublicConfigContext.Provider value={value}>{children}</PublicConfigContext.Provider>;
}

/**
 * Reads the runtime public config.
 * @returns the API URL, the WalletConnect project id and other per-deployment settings
 */
export function usePublicConfig(): PublicConfig {
  return useContext(PublicConfigContext);
}
