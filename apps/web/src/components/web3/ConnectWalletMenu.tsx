'use client';

import { useState } from 'react';
import { useConnect, useConnectors } from 'wagmi';
import { describeError } from '@/lib/web3/describeError';
import { isUserRejection } from '@/lib/web3/isUserRejection';
import { orderWalletChoices } from '@/lib/web3/orderWalletChoices';
import { Button } from '../ui/Button';

/**
 * "Connect wallet" and the menu of wallets to connect. A rejected request is a cancel: it closes
 * quietly with a neutral note, never an error.
 */
export function ConnectWalletMenu() {
  const connectors = useConnectors();
  const connect = useConnect();
  const [open, setOpen] = useState(false);
  const choices = orderWalletChoices(connectors);
  const connectNote =
    connect.error && !isUserRejection(connect.error)
      ? describeError(connect.error)
      : connect.error
        ? 'Connection cancelled.'
        : null;

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
