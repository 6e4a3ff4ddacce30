'use client';

import { useSwitchChain } from 'wagmi';
import { useWeb3 } from '@/hooks/useWeb3';
import { describeError } from '@/lib/web3/describeError';
import { isUserRejection } from '@/lib/web3/isUserRejection';
import { Button } from '../ui/Button';

/**
 * When the wallet is on another chain than the contracts, says so and offers one click to switch;
 * wagmi falls back to `wallet_addEthereumChain` when the wallet does not know the chain yet.
 */
export function NetworkGuard() {
  const { isWrongNetwork, expectedChain, expectedChainId, chainId, rpcUrl } = useWeb3();
  const switchChain = useSwitchChain();
  if (!isWrongNetwork || expectedChainId === null) return null;
  const name = expectedChain?.name ?? `chain ${expectedChainId}`;
  return (
    <div
      role="alert"
      className="border-t border-amber-900/60 bg-warning-surface px-4 py-3 text-sm text-amber-100"
    >
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3">
        <p>
          Your wallet is on chain {chainId ?? 'unknown'}; Far Labs runs on <strong>{name}</strong>. Switch (or
          add) the network to continue.
        </p>
        <div className="flex items-center gap-3">
          {switchChain.error && !isUserRejection(switchChain.error) ? (
            <span className="text-red-300">{describeError(switchChain.error)}</span>
          ) : null}
          <Button
            onClick={() =>
              switchChain.mutate({
                chainId: expectedChainId as never,
                // The wallet may not know the chain yet; add it with the RPC the API reports.
                ...(rpcUrl ? { addEthereumChainParameter: { rpcUrls: [rpcUrl] } } : {}),
              })
            }
            disabled={switchChain.isPending || !expectedChain}
          >
            {switchChain.isPending ? 'Confirm in wallet…' : `Switch to ${name}`}
          </Button>
        </div>
      </div>
    </div>
  );
}
