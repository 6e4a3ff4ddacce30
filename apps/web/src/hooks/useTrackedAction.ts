'use client';

import { useCallback, useState } from 'react';
import type { Hash } from 'viem';
import { describeError } from '@/lib/web3/describeError';
import { isUserRejection } from '@/lib/web3/isUserRejection';
import { usePendingTransactions } from '@/lib/web3/PendingTransactions';
import { useWeb3 } from './useWeb3';

/** How a contract action ended: sent (tracked until mined), cancelled in the wallet, or failed. */
export type ActionOutcome =
  | { kind: 'sent'; hash: Hash }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/**
 * Runs one labelled contract action at a time once the wallet is connected to the right network,
 * tracks the transaction it sends until mined, and turns a rejected wallet prompt into `cancelled`
 * rather than an error.
 * @returns `run(label, action)`, the label of the action in flight, and the last outcome
 */
export function useTrackedAction() {
  const { address, contracts, expectedChainId, isWrongNetwork } = useWeb3();
  const { track } = usePendingTransactions();
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<ActionOutcome | null>(null);

  const run = useCallback(
    async (label: string, action: () => Promise<Hash>): Promise<ActionOutcome> => {
      if (!address || !contracts || expectedChainId === null) {
        return { kind: 'failed', message: 'Connect your wallet first.' };
      }
      if (isWrongNetwork) return { kind: 'failed', message: 'Switch to the Far Labs network first.' };
      setBusy(label);
      let result: ActionOutcome;
      try {
        const hash = await action();
        track({ hash, label, chainId: expectedChainId });
        result = { kind: 'sent', hash };
      } catch (error) {
        result = isUserRejection(error)
          ? { kind: 'cancelled' }
          : { kind: 'failed', message: describeError(error) };
      }
      setBusy(null);
      setOutcome(result);
      return result;
    },
    [address, contracts, expectedChainId, isWrongNetwork, track],
  );

  return { run, busy, outcome };
}
