'use client';

import { useWeb3 } from '@/hooks/useWeb3';
import { ConnectWalletMenu } from './ConnectWalletMenu';
import { WalletSession } from './WalletSession';

/**
 * Connect an EIP-6963 wallet (or the legacy injected one, or a mobile wallet through WalletConnect
 * when a project id is configured), then Sign-In with Ethereum.
 * A rejected request is a cancel: it closes quietly with a neutral note, never an error.
 */
export function WalletConnect() {
  const { address, isConnected } = useWeb3();
  if (!isConnected || !address) return <ConnectWalletMenu />;
  return <WalletSession address={address} />;
}
