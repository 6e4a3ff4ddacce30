'use client';

import { useAccount } from 'wagmi';
import { useSession } from '@/lib/auth/SessionProvider';
import { findSupportedChain } from '@/lib/web3/supportedChains';
import { useChainInfo } from './useChainInfo';

/**
 * The wallet, network and session in one place: who is connected, on which chain, whether that is
 * the chain the Far Labs contracts live on, and whether they have signed in.
 * @returns account, chain and session facts for views
 */
export function useWeb3() {
  const account = useAccount();
  const session = useSession();
  const chainInfo = useChainInfo();
  const expectedChainId = chainInfo.data?.chainId ?? null;
  const isWrongNetwork =
    account.isConnected && expectedChainId !== null && account.chainId !== expectedChainId;
  return {
    address: account.address,
    isConnected: account.isConnected,
    connector: account.connector,
    chainId: account.chainId,
    expectedChainId,
    expectedChain: expectedChainId === null ? undefined : findSupportedChain(expectedChainId),
    isWrongNetwork,
    contracts: chainInfo.data?.contracts,
    farUsdPrice: chainInfo.data?.farUsdPrice ?? null,
    rpcUrl: chainInfo.data?.rpcUrl ?? null,
    session,
    isSignedIn: session.status === 'signedIn' && session.accessToken !== null,
  };
}
